#!/usr/bin/env bash
# Load test of dialtone-server (release build, sandbox mode, loopback) with wrk:
#   (a) GET /healthz            the framework's ceiling: routing, middleware, a small JSON body
#   (b) POST /fraud/send-sms    every request to a new number (send-sms.lua), so no throttle speaks
#   (c) POST /fraud/verify-sms  a wrong code against request ids made just before (create-requests.lua,
#                               for 2 × DURATION), each id at most 4 times: every verify is a counted
#                               attempt on a pending request (the table's note says if the ids ran out)
#   (d) POST /fraud/send-sms    for MEMORY_DURATION s, the server's VmRSS sampled every 5 s
# then prints a Markdown table, with the server's CPU time per run (cores busy on average; wrk
# shares the machine). The store is a SQLite file (WAL) in a temporary folder; (a) and (b) run
# again on the in-memory store (`--database memory`) and, when run as root with Debian's
# postgresql installed, on a throwaway PostgreSQL cluster.
#
#   Benchmarks/server/run.sh
#   DURATION=20 MEMORY_DURATION=60 THREADS=2 CONNECTIONS=16 Benchmarks/server/run.sh
#
# Exits 1 when any request of (a), (b) or (d) was answered with a non-2xx status or failed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

duration=${DURATION:-20}
memory_duration=${MEMORY_DURATION:-60}
threads=${THREADS:-2}
connections=${CONNECTIONS:-16}

if ! command -v wrk >/dev/null; then
    apt-get install -y -qq wrk || { apt-get update -qq && apt-get install -y -qq wrk; }
fi

swift build -c release --product dialtone-server
binary="$(swift build -c release --show-bin-path)/dialtone-server"

work=$(mktemp -d /tmp/dialtone-bench.XXXXXX)
pid=""
stop_server() {
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        wait "$pid" 2>/dev/null || true
    fi
    pid=""
}
trap 'stop_server; rm -rf "$work"' EXIT

# start_server DATABASE: sets pid and base, or returns 1 with the server's refusal in $work/refusal.
start_server() {
    "$binary" --sandbox --host 127.0.0.1 --port 0 --database "$1" >"$work/server.out" 2>"$work/server.log" &
    pid=$!
    local port=""
    for _ in $(seq 1 100); do
        port=$(sed -n 's|^dialtone-server listening on http://127\.0\.0\.1:\([0-9]*\) (sandbox)$|\1|p' "$work/server.out")
        [[ -n "$port" ]] && break
        if ! kill -0 "$pid" 2>/dev/null; then
            wait "$pid" 2>/dev/null || true
            pid=""
            tail -n 1 "$work/server.log" >"$work/refusal"
            return 1
        fi
        sleep 0.1
    done
    [[ -n "$port" ]] || { echo "dialtone-server did not start" >&2; exit 1; }
    base="http://127.0.0.1:$port"
}

rows=()
failed=0
ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
# measure STORE NAME SECONDS SCRIPT PATH [SCRIPT ARGS...]: one wrk run, one table row.
measure() {
    local store=$1 name=$2 seconds=$3 script=$4 path=$5
    shift 5
    local output before after
    before=$(cpu_ticks)
    output=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s -s "$here/$script" "$base$path" -- "$@")
    after=$(cpu_ticks)
    echo "$output" >&2
    local cores
    cores=$(awk -v t=$((after - before)) -v hz="$ticks" -v s="$seconds" 'BEGIN { printf "%.2f", t / hz / s }')
    local line
    line=$(grep '^RESULT ' <<<"$output")
    field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
    local requests rps p50 p99 non2xx socket
    requests=$(field requests) rps=$(field rps) p50=$(field p50_ms) p99=$(field p99_ms)
    non2xx=$(field non2xx) socket=$(field socket_errors)
    rows+=("| $store | $name | ${seconds} s | $requests | $rps | $p50 | $p99 | $non2xx | $socket | $cores |")
    last_rps=$rps
    last_errors=$((non2xx + socket))
    verify_note=$(grep '^VERIFY ' <<<"$output" || true)
}

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }

load_start=$(cut -d ' ' -f 1-3 /proc/loadavg)
echo "== SQLite (sandbox, $work/bench.sqlite)" >&2
start_server "$work/bench.sqlite"
wrk -t"$threads" -c"$connections" -d3s "$base/healthz" >/dev/null # warm-up, not recorded
rss_start=$(rss_kib)

measure SQLite "GET /healthz" "$duration" healthz.lua /healthz
healthz_rps=$last_rps
((last_errors == 0)) || failed=1

measure SQLite "POST /fraud/send-sms (new number each)" "$duration" send-sms.lua /fraud/send-sms 0
send_rps=$last_rps
((last_errors == 0)) || failed=1

# Request ids for (c), on other area codes: made for twice as long as (c) runs (verify-sms answers
# several times faster than send-sms).
wrk -t"$threads" -c"$connections" -d"$((2 * duration))s" -s "$here/create-requests.lua" "$base/fraud/send-sms" \
    -- 0 "$work/ids" >/dev/null
ids=$(cat "$work"/ids.* | wc -l)
measure SQLite "POST /fraud/verify-sms (wrong code, ≤4 per id)" "$duration" verify-sms.lua /fraud/verify-sms \
    "$work/ids" 4
verify_summary=$verify_note

# (d) memory: a long send-sms run on numbers not used above, VmRSS every 5 s.
samples=()
(
    for ((t = 0; t <= memory_duration; t += 5)); do
        echo "$t $(rss_kib)"
        sleep 5
    done
) >"$work/rss" &
sampler=$!
measure SQLite "POST /fraud/send-sms, ${memory_duration} s (memory run)" "$memory_duration" send-sms.lua \
    /fraud/send-sms 2000000
((last_errors == 0)) || failed=1
wait "$sampler" || true
while read -r t kib; do samples+=("$t:$kib"); done <"$work/rss"
database_kib=$(du -sk "$work"/bench.sqlite* | awk '{s += $1} END {print s}')
stop_server

# The same two runs on the in-memory store, then on a throwaway PostgreSQL cluster (fsync on).
# healthz_and_send STORE DATABASE: (a) and (b) on a new server; sets pair_healthz_rps, pair_send_rps.
healthz_and_send() {
    echo "== $1" >&2
    start_server "$2"
    wrk -t"$threads" -c"$connections" -d3s "$base/healthz" >/dev/null
    measure "$1" "GET /healthz" "$duration" healthz.lua /healthz
    pair_healthz_rps=$last_rps
    ((last_errors == 0)) || failed=1
    measure "$1" "POST /fraud/send-sms (new number each)" "$duration" send-sms.lua /fraud/send-sms 0
    pair_send_rps=$last_rps
    ((last_errors == 0)) || failed=1
    stop_server
}

healthz_and_send memory memory
memory_healthz_rps=$pair_healthz_rps
memory_send_rps=$pair_send_rps

postgres_note="not measured: PostgreSQL's initdb was not found or this is not root"
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [[ -n "$pgbin" && $(id -u) == 0 ]]; then
    # Its own folder: the PostgreSQL server runs as `postgres`, which cannot enter $work.
    pgdir=$(mktemp -d /tmp/dialtone-bench-pg.XXXXXX)
    chown postgres "$pgdir"
    pgport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    runuser -u postgres -- "$pgbin/initdb" -D "$pgdir/data" -A trust -U dialtone >/dev/null
    runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w start \
        -o "-k $pgdir -p $pgport -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on" >/dev/null
    trap 'stop_server; runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir/data" -m fast stop >/dev/null; rm -rf "$work" "$pgdir"' EXIT
    runuser -u postgres -- psql -h 127.0.0.1 -p "$pgport" -U dialtone -d postgres -qc 'CREATE DATABASE bench'
    healthz_and_send PostgreSQL "postgres://dialtone@127.0.0.1:$pgport/bench"
    postgres_healthz_rps=$pair_healthz_rps
    postgres_send_rps=$pair_send_rps
    postgres_note=$(awk -v s="$postgres_send_rps" -v h="$postgres_healthz_rps" \
        'BEGIN { printf "send-sms / healthz: %.1f%% of the requests/s", 100 * s / h }')
fi

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
os=$(. /etc/os-release && echo "$PRETTY_NAME")
swift_version=$(swift --version 2>&1 | sed -n 's/.*Swift version \([^ ]*\).*/\1/p' | head -n 1)

echo
echo "dialtone-server, release build, sandbox mode, loopback; wrk -t$threads -c$connections."
echo "Machine: $(nproc) cores $cpu, $os, Swift $swift_version, $(date -u +%Y-%m-%d)."
echo "Load average (1, 5, 15 min) before: $load_start; after: $(cut -d ' ' -f 1-3 /proc/loadavg)."
echo
echo "| Store | Route | Duration | Requests | Requests/s | p50 (ms) | p99 (ms) | Non-2xx | Socket errors | Server CPU (cores) |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${rows[@]}"
echo
awk -v s="$send_rps" -v h="$healthz_rps" \
    'BEGIN { printf "SQLite: send-sms / healthz: %.1f%% of the requests/s (goal: at least 25%%).\n", 100 * s / h }'
awk -v s="$memory_send_rps" -v h="$memory_healthz_rps" \
    'BEGIN { printf "In memory: send-sms / healthz: %.1f%% of the requests/s (goal: at least 50%%).\n", 100 * s / h }'
echo "verify-sms: $ids request ids made beforehand; ${verify_summary#VERIFY }."
echo "PostgreSQL: $postgres_note"
echo
header="| t (s) |"
line="| --- |"
values="| VmRSS (MiB) |"
for sample in "${samples[@]}"; do
    header+=" ${sample%%:*} |"
    line+=" ---: |"
    values+=" $(awk -v k="${sample#*:}" 'BEGIN { printf "%.1f", k / 1024 }') |"
done
echo "Resident memory across the ${memory_duration} s send-sms run (VmRSS; $(awk -v k="$rss_start" 'BEGIN { printf "%.1f", k / 1024 }') MiB after the warm-up):"
echo
echo "$header"
echo "$line"
echo "$values"
echo
echo "SQLite files at the end: $(awk -v k="$database_kib" 'BEGIN { printf "%.1f", k / 1024 }') MiB."
exit "$failed"
