#!/usr/bin/env bash
# End-to-end throughput of the `normalize` command-line tool, as a user runs it.
#
#   Benchmarks/normalize/run.sh            # 1,000,000 rows; hyperfine if installed, else `time`
#   ROWS=200000 RUNS=3 Benchmarks/normalize/run.sh
#
# Builds `normalize` in release mode, generates a realistic mixed input (Benchmarks/corpus/generate.py:
# example numbers of every region in the formats a gateway receives, ~5% junk), and times:
#   1. plain lines to E.164:                 normalize --region US lines.txt          target >= 4 M lines/s
#   2. CSV with a region column:             normalize --csv --column phone --region-column country
#                                                                                     target >= 2 M rows/s
#   3. JSON Lines output (for reference):    normalize --region US --output jsonl lines.txt
#   4. one number as an argument, start to finish, against Debian's `pnc format` (libphonenumber):
#                                                                                     target <= pnc / 2
# Needs python3 with phonenumbers (pip install phonenumbers==9.0.43) for the input; hyperfine and pnc
# are optional (apt-get install hyperfine pnc). Results are printed; nothing here fails on a target.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROWS="${ROWS:-1000000}"
RUNS="${RUNS:-5}"
SCRATCH="${SCRATCH:-$ROOT/.build-bench-normalize}"
WORK="${WORK:-${TMPDIR:-/tmp}/normalize-bench}"
mkdir -p "$WORK"

echo "== building normalize (release, Swift runtime linked statically, scratch $SCRATCH)"
(cd "$ROOT" && swift build -c release --static-swift-stdlib --product normalize --scratch-path "$SCRATCH" 2>&1 | tail -1)
BIN="$SCRATCH/release/normalize"

echo "== generating $ROWS rows in $WORK"
CORPUS="$WORK/mixed-$ROWS.tsv"
if [[ ! -s "$CORPUS" ]]; then
    if [[ -f "$ROOT/Benchmarks/corpus/generate.py" ]]; then
        python3 "$ROOT/Benchmarks/corpus/generate.py" --count "$ROWS" --out "$CORPUS"
    else
        # Fallback: phonenumbers' example numbers, E.164 or national, with ~5% junk.
        python3 - "$ROWS" "$CORPUS" <<'PY'
import random, sys
import phonenumbers as pn
from phonenumbers import PhoneNumberFormat as F
rows, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(7)
examples = [(r, pn.example_number(r)) for r in sorted(pn.SUPPORTED_REGIONS) if pn.example_number(r)]
with open(out, "w", encoding="utf-8") as f:
    for _ in range(rows):
        region, number = rng.choice(examples)
        roll = rng.random()
        text = ("n/a" if roll < 0.05 else pn.format_number(number, F.E164) if roll < 0.5
                else pn.format_number(number, F.NATIONAL) if roll < 0.8 else pn.format_number(number, F.INTERNATIONAL))
        f.write(f"{region}\t{text}\n")
PY
    fi
fi
LINES="$WORK/lines-$ROWS.txt"
TABLE="$WORK/table-$ROWS.csv"
[[ -s "$LINES" ]] || cut -f2 "$CORPUS" > "$LINES"
if [[ ! -s "$TABLE" ]]; then
    python3 - "$CORPUS" "$TABLE" <<'PY'
import csv, sys
with open(sys.argv[1], encoding="utf-8") as src, open(sys.argv[2], "w", newline="", encoding="utf-8") as dst:
    out = csv.writer(dst, lineterminator="\n")
    out.writerow(["id", "country", "phone"])
    for index, line in enumerate(src):
        region, _, text = line.rstrip("\n").partition("\t")
        out.writerow([index, region, text])
PY
fi
echo "   $(wc -c < "$LINES") bytes of lines, $(wc -c < "$TABLE") bytes of CSV"

declare -A COMMANDS=(
    [lines]="$BIN --region US $LINES"
    [csv]="$BIN --csv --column phone --region-column country --region US $TABLE"
    [jsonl]="$BIN --region US --output jsonl $LINES"
)
ORDER=(lines csv jsonl)

# "wall cpu" seconds of a command (output to /dev/null): hyperfine's mean wall time and mean
# user+system time, or the best of $RUNS `time`s (cpu then unknown: 0).
measure() {
    local command="$1"
    if command -v hyperfine > /dev/null; then
        hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$WORK/h.json" \
            --output null "$command" > /dev/null 2>&1 || true
        python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(r["mean"], r["user"] + r["system"])' "$WORK/h.json"
    else
        local best=""
        for _ in $(seq "$RUNS"); do
            local start end
            start=$(date +%s.%N)
            $command > /dev/null || true
            end=$(date +%s.%N)
            best=$(python3 -c "a,b,c='$start','$end','$best'; t=float(b)-float(a); print(t if not c or t<float(c) else c)")
        done
        echo "$best 0"
    fi
}

echo "== throughput ($(nproc) cores; $([[ -x "$(command -v hyperfine)" ]] && echo hyperfine || echo time), mean of $RUNS runs)"
echo "   (cpu = user+system time; 'both cores free' = rows / (cpu / cores), the figure a quiet machine gives)"
for name in "${ORDER[@]}"; do
    read -r wall cpu < <(measure "${COMMANDS[$name]}")
    python3 -c "
rows, wall, cpu, cores = $ROWS, $wall, $cpu, $(nproc)
free = f'{rows / (cpu / cores) / 1e6:6.2f} M rows/s with both cores free' if cpu else ''
print(f'   {\"$name\":6} wall {wall:6.3f} s {rows / wall / 1e6:6.2f} M rows/s   cpu {cpu:6.3f} s   {free}')"
done

echo "== one number as an argument, start to finish"
NUMBER="(201) 555-0123"
if command -v hyperfine > /dev/null; then
    args=(-N --style basic --warmup 20 --runs 200 --export-json "$WORK/start.json"
        "$BIN --region US '$NUMBER'")
    if command -v pnc > /dev/null; then args+=("pnc format -c US '$NUMBER'"); fi
    hyperfine "${args[@]}" 2>&1 | grep -E "Benchmark|Time \(mean"
    python3 - "$WORK/start.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
ours = results[0]["mean"] * 1000
line = f"   normalize {ours:.2f} ms"
if len(results) > 1:
    theirs = results[1]["mean"] * 1000
    line += f"; pnc {theirs:.2f} ms; pnc / normalize = {theirs / ours:.1f}x (target >= 2x)"
print(line)
PY
else
    time "$BIN" --region US "$NUMBER"
fi
