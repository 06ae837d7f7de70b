#!/usr/bin/env bash
# Peer comparison: the same corpus through libphonenumber C++ (Debian's libphonenumber-dev),
# phonenumbers 9.0.43 (Python) and Dialtone, then one table (speed, memory, cold start, answers).
#
#   Benchmarks/compare/run.sh                       # 1,000,000-line corpus
#   Benchmarks/compare/run.sh --count 100000        # smaller corpus
#   Benchmarks/compare/run.sh --corpus FILE         # any REGION<TAB>INPUT file
#   options: --out DIR (results; default $TMPDIR/dialtone-compare), --skip-install, --cold-runs N,
#            --no-dialtone (peers only)
#
# Runs the harnesses one after another (never in parallel) so they do not compete for cores.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
COUNT=1000000
CORPUS=""
OUT="${TMPDIR:-/tmp}/dialtone-compare"
SKIP_INSTALL=0
COLD_RUNS=10
WITH_DIALTONE=1
PN_VERSION=9.0.43

while [[ $# -gt 0 ]]; do
    case "$1" in
        --count) COUNT="$2"; shift 2 ;;
        --corpus) CORPUS="$2"; shift 2 ;;
        --out) OUT="$2"; shift 2 ;;
        --skip-install) SKIP_INSTALL=1; shift ;;
        --cold-runs) COLD_RUNS="$2"; shift 2 ;;
        --no-dialtone) WITH_DIALTONE=0; shift ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
mkdir -p "$OUT"
log() { printf '==> %s\n' "$*" >&2; }

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi

# --- 1. Dependencies ---------------------------------------------------------------------------
PY=python3
have_pn() { "$1" -c "import phonenumbers, sys; sys.exit(phonenumbers.__version__ != '$PN_VERSION')" 2>/dev/null; }
if [[ $SKIP_INSTALL -eq 0 ]]; then
    missing=()
    for pkg in libphonenumber-dev libprotobuf-dev g++ time python3; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    if [[ ${#missing[@]} -gt 0 ]]; then
        log "installing ${missing[*]} (apt-get)"
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
    fi
fi
if ! have_pn "$PY"; then
    if have_pn "$OUT/venv/bin/python"; then
        PY="$OUT/venv/bin/python"
    elif [[ $SKIP_INSTALL -eq 0 ]]; then
        log "installing phonenumbers==$PN_VERSION (pip)"
        if ! "$PY" -m pip install --quiet "phonenumbers==$PN_VERSION" 2>/dev/null; then
            # Debian's system Python is externally managed (PEP 668): use a private venv.
            dpkg -s python3-venv >/dev/null 2>&1 || \
                DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends python3-venv
            python3 -m venv "$OUT/venv"
            "$OUT/venv/bin/python" -m pip install --quiet "phonenumbers==$PN_VERSION"
            PY="$OUT/venv/bin/python"
        fi
    fi
    have_pn "$PY" || { echo "phonenumbers $PN_VERSION is not available" >&2; exit 1; }
fi

# --- 2. Corpus ---------------------------------------------------------------------------------
if [[ -z "$CORPUS" ]]; then
    if [[ "$COUNT" -eq 1000000 ]]; then
        CORPUS="$ROOT/Benchmarks/corpus/mixed-1m.txt"
    else
        CORPUS="$ROOT/Benchmarks/corpus/mixed-$COUNT.txt"
    fi
    if [[ ! -s "$CORPUS" ]]; then
        log "generating $CORPUS"
        "$PY" "$ROOT/Benchmarks/corpus/generate.py" --count "$COUNT" --out "$CORPUS"
    fi
fi
[[ -s "$CORPUS" ]] || { echo "corpus $CORPUS is missing or empty" >&2; exit 1; }
head -n 1 "$CORPUS" > "$OUT/one-line.txt"

# --- 3. Build the harnesses ----------------------------------------------------------------------
log "building the C++ harness"
g++ -O2 -std=c++17 -o "$OUT/harness-cpp" "$HERE/harness.cc" -lphonenumber -lprotobuf
CPP_VERSION="$(dpkg-query -W -f='${Version}' libphonenumber-dev 2>/dev/null || echo '?')"

DIALTONE_BIN=""
if [[ $WITH_DIALTONE -eq 1 ]]; then
    log "building the Dialtone harness (swift build -c release)"
    SCRATCH="${DIALTONE_SCRATCH:-$HERE/DialtoneHarness/.build}"
    if swift build -c release --package-path "$HERE/DialtoneHarness" --scratch-path "$SCRATCH" >&2; then
        DIALTONE_BIN="$(swift build -c release --package-path "$HERE/DialtoneHarness" \
            --scratch-path "$SCRATCH" --show-bin-path)/DialtoneHarness"
    else
        log "WARNING: the Dialtone harness did not build; comparing the peers only"
    fi
fi

# --- 4. Run ------------------------------------------------------------------------------------
# One command array per implementation (arrays, so paths with spaces survive).
CMD_cpp=("$OUT/harness-cpp")
CMD_python=("$PY" "$HERE/harness.py")
CMD_dialtone=()
[[ -n "$DIALTONE_BIN" ]] && CMD_dialtone=("$DIALTONE_BIN")
LABEL_cpp="libphonenumber C++ $CPP_VERSION"
LABEL_python="phonenumbers $PN_VERSION (Python)"
LABEL_dialtone=""  # the harness names itself with its plan's source

rm -f "$OUT"/*.json "$OUT"/*.answers.tsv "$OUT"/*.time.txt "$OUT"/*.cold.txt "$OUT"/*.cold-time.txt
for key in dialtone cpp python; do
    declare -n cmd="CMD_$key"
    declare -n label="LABEL_$key"
    if [[ ${#cmd[@]} -eq 0 ]]; then unset -n cmd label; continue; fi
    extra=()
    [[ -n "$label" ]] && extra=("$label")
    log "$key: full corpus ($(wc -l < "$CORPUS") lines)"
    /usr/bin/time -v -o "$OUT/$key.time.txt" "${cmd[@]}" "$CORPUS" "$OUT/$key.answers.tsv" "${extra[@]}" \
        > "$OUT/$key.json"
    cat "$OUT/$key.json" >&2
    log "$key: cold start ($COLD_RUNS fresh processes on a 1-line corpus)"
    /usr/bin/time -v -o "$OUT/$key.cold-time.txt" "${cmd[@]}" "$OUT/one-line.txt" "$OUT/$key.one.tsv" \
        "${extra[@]}" > /dev/null
    for _ in $(seq "$COLD_RUNS"); do
        t0=$(date +%s%N)
        "${cmd[@]}" "$OUT/one-line.txt" "$OUT/$key.one.tsv" "${extra[@]}" > /dev/null
        t1=$(date +%s%N)
        echo $((t1 - t0)) >> "$OUT/$key.cold.txt"
    done
    unset -n cmd label
done

# --- 5. Table ----------------------------------------------------------------------------------
"$PY" "$HERE/compare.py" --dir "$OUT" --corpus "$CORPUS"
log "answers and raw measurements are in $OUT"
