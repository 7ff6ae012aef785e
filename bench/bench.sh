#!/usr/bin/env bash
# `make bench`: the performance figures of issue 8 against the local stack (bench/README.md).
# Builds the driver (bench/loadgen: it generates the load itself and runs pgbench from the PostgreSQL packages) and
# runs it against the stack; a stack that is not running is started with scripts/stack.sh and stopped afterwards.
# Extra arguments go to the driver (--quick: every phase a few seconds long, to try the harness; no result).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RABBITMQ_MANAGEMENT=${RABBITMQ_MANAGEMENT:-http://127.0.0.1:15672}
# A stack started here uses a virtual host of its own, so that the command consumers of test runs on the same broker
# (they use "/") never take the bench's billing commands, nor the bench theirs.
BENCH_VHOST=${BENCH_VHOST:-bench}

say() { printf '\033[1m[bench]\033[0m %s\n' "$*"; }

ensure_vhost() {
  curl -fsS -o /dev/null -u guest:guest -X PUT "$RABBITMQ_MANAGEMENT/api/vhosts/$BENCH_VHOST"
  curl -fsS -o /dev/null -u guest:guest -X PUT -H 'content-type: application/json' \
    -d '{"configure":".*","write":".*","read":".*"}' "$RABBITMQ_MANAGEMENT/api/permissions/$BENCH_VHOST/guest"
}

# Statements per order come from pg_stat_statements, which the server must load at start: a local server that does
# not is asked to (ALTER SYSTEM, then a restart, which the services ride out as they ride out any database restart);
# elsewhere the report says the statements were not counted.
ensure_statement_stats() {
  local libs
  libs=$(psql -h "${PGHOST:-127.0.0.1}" -U "${PGUSER:-postgres}" -d postgres -Atc 'SHOW shared_preload_libraries') || return 0
  if [[ $libs != *pg_stat_statements* ]]; then
    local cluster
    cluster=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
    if [[ ${PGHOST:-127.0.0.1} != 127.* || -z $cluster ]] || ! command -v pg_ctlcluster >/dev/null; then
      say "PostgreSQL does not load pg_stat_statements: statements per order will not be counted"
      return 0
    fi
    say "loading pg_stat_statements into the local PostgreSQL (shared_preload_libraries; restarting it)"
    psql -h 127.0.0.1 -U "${PGUSER:-postgres}" -d postgres -qc \
      "ALTER SYSTEM SET shared_preload_libraries = '${libs:+$libs,}pg_stat_statements'"
    pg_ctlcluster --skip-systemctl-redirect "$cluster" main restart
  fi
  psql -h "${PGHOST:-127.0.0.1}" -U "${PGUSER:-postgres}" -d postgres -qc 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements'
}

build_driver() {
  local jar="$ROOT/bench/loadgen/target/bench-loadgen-1.0.0-SNAPSHOT.jar"
  if [[ -f "$jar" ]] && [[ -z $(find "$ROOT/bench/loadgen/src" "$ROOT/bench/loadgen/pom.xml" -newer "$jar" -print -quit) ]]; then
    return
  fi
  say "building the driver (bench/loadgen)"
  (cd "$ROOT" && ./mvnw -B -q --no-transfer-progress -f bench/loadgen/pom.xml package)
}

"$ROOT/scripts/ensure-services.sh" >/dev/null
ensure_statement_stats
build_driver
if ! "$ROOT/scripts/stack.sh" status >/dev/null 2>&1; then
  ensure_vhost
  export RABBITMQ_VIRTUAL_HOST=$BENCH_VHOST
fi
cd "$ROOT"
export BENCH_ROOT=$ROOT
exec scripts/stack.sh with java -cp "bench/loadgen/target/bench-loadgen-1.0.0-SNAPSHOT.jar:bench/loadgen/target/lib/*" \
  bench.Bench "$@"
