#!/usr/bin/env bash
# The verification engine's benchmarks on every store, PostgreSQL included: starts a throwaway
# PostgreSQL 15 cluster (Debian's postgresql, run as the postgres user, on a free loopback port),
# runs `swift package benchmark --target VerificationBenchmarks`, then stops the cluster.
#
#   Benchmarks/verification/run.sh            # needs root (initdb runs as postgres) and postgresql
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
dir=$(mktemp -d /tmp/dialtone-bench-pg-XXXXXX)
chown postgres "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
runuser -u postgres -- "$bin/initdb" -D "$dir/data" -A trust -U dialtone >/dev/null
runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on" -l "$dir/log" -w start >/dev/null
trap 'runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null; rm -rf "$dir"' EXIT
runuser -u postgres -- psql -h 127.0.0.1 -p "$port" -U dialtone -d postgres -qc 'CREATE DATABASE bench' 
DIALTONE_BENCH_POSTGRES_URL="postgres://dialtone@127.0.0.1:$port/bench" \
    swift package benchmark --target VerificationBenchmarks --no-progress "$@"
