#!/usr/bin/env bash
# Property-based API test of dialtone-server against docs/openapi.yaml with Schemathesis: builds the
# server (debug), starts it in sandbox mode on a free loopback port with a throwaway SQLite file,
# and runs every phase (examples, coverage, fuzzing, stateful) with a bounded number of cases per
# operation. Fails on a 5xx, an undocumented status or content type, a body or header that does not
# match the document, or a 404 where an undeclared method deserves a 405.
#
#   scripts/schemathesis.sh            # SCHEMATHESIS_EXAMPLES (default 150) cases per operation
#   SCHEMATHESIS_SEED=7 scripts/schemathesis.sh
#
# Schemathesis (pinned) is installed from PyPI into .build-venv/ on first use.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

version=4.32.5
examples=${SCHEMATHESIS_EXAMPLES:-150}
seed=${SCHEMATHESIS_SEED:-1}
venv="$root/.build-venv"

if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$version"; then
    # Debian's python3 needs python3-venv for this; install it when the first try fails.
    python3 -m venv "$venv" || { apt-get install -y -qq python3-venv && python3 -m venv "$venv"; }
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==$version"
fi

swift build --product dialtone-server
binary="$(swift build --show-bin-path)/dialtone-server"

work=$(mktemp -d /tmp/dialtone-schemathesis.XXXXXX)
pid=""
cleanup() {
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        wait "$pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

"$binary" --sandbox --host 127.0.0.1 --port 0 --database "$work/sandbox.sqlite" \
    >"$work/server.out" 2>"$work/server.log" &
pid=$!
port=""
for _ in $(seq 1 100); do
    port=$(sed -n 's|^dialtone-server listening on http://127\.0\.0\.1:\([0-9]*\) (sandbox)$|\1|p' "$work/server.out")
    [[ -n "$port" ]] && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.1
done
if [[ -z "$port" ]]; then
    echo "dialtone-server did not start" >&2
    cat "$work/server.log" >&2
    exit 1
fi
echo "dialtone-server (sandbox) on 127.0.0.1:$port, pid $pid"

# Run from the scratch folder so that Schemathesis' and Hypothesis' caches stay out of the tree.
status=0
(
    cd "$work"
    PYTHONPATH="$root/scripts" SCHEMATHESIS_HOOKS=schemathesis_hooks \
        "$venv/bin/schemathesis" run "$root/docs/openapi.yaml" \
        --url "http://127.0.0.1:$port" \
        --auth sandbox:sandbox \
        --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance,unsupported_method \
        --max-examples "$examples" \
        --seed "$seed" \
        --request-timeout 15 \
        --no-color
) || status=$?

if ! kill -0 "$pid" 2>/dev/null; then
    echo "dialtone-server exited during the run" >&2
    status=1
fi
if grep -q "unexpected error" "$work/server.log"; then
    echo "dialtone-server logged unexpected errors:" >&2
    grep "unexpected error" "$work/server.log" | sort | uniq -c >&2
    status=1
fi
exit "$status"
