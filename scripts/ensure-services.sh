#!/usr/bin/env bash
# Makes sure PostgreSQL and RabbitMQ are reachable for the tests and the local stack, and that every service has its
# database and role. Starts servers that are installed but stopped, installs them from Debian/Ubuntu packages when
# absent (as root), and otherwise says exactly what is missing. Idempotent: safe to run any number of times.
set -euo pipefail
# shellcheck source=scripts/apt.sh
source "$(dirname "$0")/apt.sh"

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGSUPERUSER=${PGSUPERUSER:-postgres}
RABBITMQ_HOST=${RABBITMQ_HOST:-127.0.0.1}
RABBITMQ_PORT=${RABBITMQ_PORT:-5672}
RABBITMQ_MANAGEMENT_PORT=${RABBITMQ_MANAGEMENT_PORT:-15672}
DATABASES=(users billing orders notifications)
# With FRESH_TEST_DATABASES=1 the *_test databases are dropped and made anew, so every test run starts from the
# migrations as they are now (a schema left by an older checkout cannot fail Flyway's validation).
FRESH_TEST_DATABASES=${FRESH_TEST_DATABASES:-0}

say() { printf '[ensure-services] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }
is_local() { [[ "$1" == 127.* || "$1" == localhost ]]; }
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_for_port() { # host port name seconds
  local i
  for ((i = 0; i < $4; i++)); do
    port_open "$1" "$2" && return 0
    sleep 1
  done
  die "$3 did not start listening on $1:$2 within $4 s"
}

ensure_postgres() {
  if port_open "$PGHOST" "$PGPORT"; then return 0; fi
  is_local "$PGHOST" || die "PostgreSQL at $PGHOST:$PGPORT is not reachable"
  apt_ensure postgresql postgresql-client -- pg_ctlcluster
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  [[ -n "$version" ]] || die "PostgreSQL is installed but has no cluster under /etc/postgresql"
  say "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_for_port "$PGHOST" "$PGPORT" PostgreSQL 60
}

ensure_rabbitmq() {
  if ! port_open "$RABBITMQ_HOST" "$RABBITMQ_PORT"; then
    is_local "$RABBITMQ_HOST" || die "RabbitMQ at $RABBITMQ_HOST:$RABBITMQ_PORT is not reachable"
    apt_ensure rabbitmq-server -- rabbitmq-server
    say "starting RabbitMQ"
    rabbitmq-server -detached || true
    wait_for_port "$RABBITMQ_HOST" "$RABBITMQ_PORT" RabbitMQ 120
  fi
  # The management plugin serves the UI and the HTTP API docs/billing.md uses to send billing commands.
  if is_local "$RABBITMQ_HOST" && command -v rabbitmq-plugins >/dev/null \
      && ! port_open "$RABBITMQ_HOST" "$RABBITMQ_MANAGEMENT_PORT"; then
    say "enabling the RabbitMQ management plugin"
    rabbitmq-plugins enable --quiet rabbitmq_management >/dev/null || say "could not enable rabbitmq_management"
    for _ in $(seq 1 30); do port_open "$RABBITMQ_HOST" "$RABBITMQ_MANAGEMENT_PORT" && break; sleep 1; done
  fi
}

psql_admin() {
  apt_ensure postgresql-client -- psql
  psql -X -q -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U "$PGSUPERUSER" -d postgres "$@"
}

ensure_databases() {
  local db
  for db in "${DATABASES[@]}"; do
    if [[ "$FRESH_TEST_DATABASES" == 1 ]]; then
      psql_admin -c "DROP DATABASE IF EXISTS ${db}_test WITH (FORCE)" >/dev/null
    fi
    psql_admin >/dev/null <<SQL
SELECT pg_advisory_lock(4242);
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$db') THEN
    CREATE ROLE $db LOGIN PASSWORD '$db';
  END IF;
END \$\$;
SELECT format('CREATE DATABASE %I OWNER %I', d, '$db') FROM unnest(ARRAY['$db', '${db}_test']) AS d
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = d) \gexec
SELECT pg_advisory_unlock(4242);
SQL

  done
}

ensure_postgres
ensure_rabbitmq
ensure_databases
say "PostgreSQL $PGHOST:$PGPORT and RabbitMQ $RABBITMQ_HOST:$RABBITMQ_PORT are ready"
