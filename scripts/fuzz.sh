#!/usr/bin/env bash
# Builds Dialtone's libFuzzer targets (the separate package in Fuzz/) with -sanitize=fuzzer,address
# and runs each for a while on a copy of its seed corpus. Exits 1 if any target finds a crash.
#
#   scripts/fuzz.sh all 60                  # every target for 60 s each (CI runs 45 s, two at a time)
#   scripts/fuzz.sh fuzz-phone 600          # one target
#   scripts/fuzz.sh fuzz-sms 0 -runs=10000000   # extra arguments go to libFuzzer (0 s: no time limit)
#
# Environment: FUZZ_CONFIG (debug, the default, or release: faster, for long runs), FUZZ_JOBS (how
# many targets run at once, default 1; CI runs 2, one a core), FUZZ_SCRATCH
# (the build folder, default Fuzz/.build-fuzz), FUZZ_WORK (where corpora, logs and crash files go,
# default a new folder under /tmp; nothing is written into the repository).
# See docs/FUZZING.md for the targets, their invariants and what to do with a crash.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
all_targets=(fuzz-phone fuzz-template fuzz-sms fuzz-csv fuzz-provider)

usage() {
    echo "usage: scripts/fuzz.sh all|${all_targets[*]// /|} SECONDS [libFuzzer arguments...]" >&2
    exit 2
}
[[ $# -ge 2 ]] || usage
which=$1
seconds=$2
shift 2
[[ $seconds =~ ^[0-9]+$ ]] || usage
if [[ $which == all ]]; then
    targets=("${all_targets[@]}")
else
    [[ " ${all_targets[*]} " == *" $which "* ]] || usage
    targets=("$which")
fi

jobs=${FUZZ_JOBS:-1}
[[ $jobs =~ ^[1-9][0-9]*$ ]] || usage
config=${FUZZ_CONFIG:-debug}
scratch=${FUZZ_SCRATCH:-$root/Fuzz/.build-fuzz}
work=${FUZZ_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/dialtone-fuzz.XXXXXX")}
mkdir -p "$work"
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:handle_abort=1}

build=(swift build --package-path "$root/Fuzz" -c "$config" --scratch-path "$scratch"
    -Xswiftc -sanitize=fuzzer,address)
start=$(date +%s)
echo "== building ${targets[*]} ($config, -sanitize=fuzzer,address) in $scratch"
if [[ ${#targets[@]} -eq 1 ]]; then
    product=(--product "${targets[0]}")
else
    product=()
fi
if ! "${build[@]}" "${product[@]}" >"$work/build.log" 2>&1; then
    grep -v 'ld.gold: warning' "$work/build.log" | tail -40 >&2
    echo "fuzz.sh: build failed (full log: $work/build.log)" >&2
    exit 1
fi
bin=$("${build[@]}" --show-bin-path)
echo "   built in $(($(date +%s) - start)) s"

# One target: runs it, then writes its one-line result to $dir/result and its report (on a
# failure) to $dir/report, so that targets can run side by side and report in order.
run_target() {
    local target=$1
    shift
    local dir="$work/$target"
    mkdir -p "$dir/corpus"
    cp "$root/Fuzz/Corpus/$target/"* "$dir/corpus/"
    local limit=()
    [[ $seconds -gt 0 ]] && limit=(-max_total_time="$seconds")
    local code
    set +e
    (cd "$dir" && "$bin/$target" "${limit[@]}" -print_final_stats=1 -detect_leaks=0 -timeout=20 \
        -rss_limit_mb=2560 -artifact_prefix="$dir/" "$@" corpus >"$dir/log" 2>&1)
    code=$?
    set -e
    local last runs cov ft crashes
    last=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$dir/log" | tail -1 || true)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -1)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    crashes=$(find "$dir" -maxdepth 1 \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' \) | sort)
    : >"$dir/report"
    if [[ $code -ne 0 || -n $crashes ]]; then
        echo "$target: FAILED (exit $code) runs=${runs:-?} cov=${cov:-?} ft=${ft:-?}" >"$dir/result"
        {
            grep -E 'INVARIANT VIOLATED|ERROR: (AddressSanitizer|libFuzzer)|SUMMARY|Fatal error' "$dir/log" |
                head -5 || true
            for crash in $crashes; do
                echo "   artifact: $crash"
                echo "   replay:   SWIFT_BACKTRACE=enable=no $bin/$target $crash"
            done
            echo "   log: $dir/log (turn the input into a regression test; see docs/FUZZING.md)"
        } >"$dir/report"
    else
        echo "$target: ok runs=${runs:-?} cov=${cov:-?} ft=${ft:-?}" >"$dir/result"
    fi
}

# FUZZ_JOBS targets at a time (default 1); each still runs for SECONDS, on a core of its own
# when there are as many cores as jobs.
running=0
for target in "${targets[@]}"; do
    if [[ $running -ge $jobs ]]; then
        wait -n || true
        running=$((running - 1))
    fi
    echo "== $target: ${seconds} s, corpus copy in $work/$target/corpus"
    run_target "$target" "$@" &
    running=$((running + 1))
done
wait || true

status=0
summary=()
for target in "${targets[@]}"; do
    dir="$work/$target"
    if [[ ! -s $dir/result ]]; then
        status=1
        summary+=("$target: FAILED (no result: the runner itself failed; see $dir)")
        continue
    fi
    result=$(cat "$dir/result")
    summary+=("$result")
    if [[ $result == *FAILED* ]]; then
        status=1
        echo "== $target failed:" >&2
        cat "$dir/report" >&2
    fi
done

echo "== results ($(($(date +%s) - start)) s in all; work folder $work)"
printf '   %s\n' "${summary[@]}"
exit $status
