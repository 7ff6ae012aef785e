#!/usr/bin/env bash
# The whole suite on this machine: four packaged services and an NGINX playing the Kubernetes ingress.
#   stack.sh run     build what changed, start what is not running, wait until healthy, print the URLs
#   stack.sh stop    stop exactly what `run` started
#   stack.sh status  what runs and whether it is healthy
#   stack.sh logs [service]  tail the logs
#   stack.sh kill SERVICE    SIGKILL one service (a crash, for the reliability tests); start SERVICE starts it again
#   stack.sh with CMD…  run CMD against the stack, starting it first and stopping it after if it was not running
#   stack.sh build   package the services whose sources changed since their last package
#   stack.sh credentials  make the signing key, billing's callers' credentials and the broker users (as `run` does)
# Services get their settings from the same environment variables the Helm chart sets.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN_DIR=${RUN_DIR:-$ROOT/.run}
INGRESS_PORT=8080
SIGNING_KEY=$RUN_DIR/keys/token-signing-key.pem
# The services that call billing's internal operations, each with its own credential in $RUN_DIR/keys (the chart's
# Secret <release>-service-credentials).
BILLING_CALLERS=(user-service order-service)
# Where every service fetches the keys that verify access tokens: the JWK Set user-service (port 8081, SERVICES below)
# publishes. A service fetches it at the first token it sees, not at start: the start order does not matter.
JWKS_URL=http://127.0.0.1:8081/users/.well-known/jwks.json
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
RABBITMQ_HOST=${RABBITMQ_HOST:-127.0.0.1}
RABBITMQ_PORT=${RABBITMQ_PORT:-5672}
START_TIMEOUT=${START_TIMEOUT:-90}
# The services run as in production (docker/Dockerfile.jvm): C2, whose code costs less than half of C1's per order at
# steady state, and a serial heap of up to 256 MB with a 64 MB young generation, which halved the collections' pauses
# of the 128 MB heap; two malloc arenas (docs/decisions/0016-c2-and-the-heap-at-steady-state.md). JAVA_OPTS= (empty)
# runs the JVM's defaults; MALLOC_ARENA_MAX likewise.
JAVA_OPTS=${JAVA_OPTS-"-XX:+UseSerialGC -Xms128m -Xmx256m -Xmn64m -Xss512k"}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX-2}

# The JVM the services run on: SERVICE_JAVA_HOME, else the newest JDK 25 or later under /usr/lib/jvm, else the default
# java. The code is built for Java 17 and tested on the default JDK; a JDK 25 starts each service from an AOT cache
# (JEPs 483, 514, 515: its classes loaded and linked, with method profiles) recorded by one training start after each
# build (train_aot), which halves the time to ready (docs/decisions/0008-services-start-from-a-class-cache.md). On an
# older JDK a service starts from the AppCDS archive the build wrote.
release_major() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null; }
newest_jdk() {
  local home best="" best_major=24 major
  for home in /usr/lib/jvm/*/; do
    major=$(release_major "$home")
    [[ -n "$major" && "$major" -gt "$best_major" && -x "$home/bin/java" ]] || continue
    best=${home%/} best_major=$major
  done
  echo "$best"
}
SERVICE_JAVA_HOME=${SERVICE_JAVA_HOME-$(newest_jdk)}
if [[ -n "$SERVICE_JAVA_HOME" ]]; then SERVICE_JAVA=$SERVICE_JAVA_HOME/bin/java; else SERVICE_JAVA=java; fi
aot_capable() {
  local major
  if [[ -n "$SERVICE_JAVA_HOME" ]]; then
    major=$(release_major "$SERVICE_JAVA_HOME")
  else # the default java: ask it (a JVM start)
    major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  fi
  [[ "${major:-0}" -ge 25 ]]
}

# name  http-port  management-port  database  path prefix
SERVICES=(
  "billing-service 8082 9082 billing billing"
  "user-service 8081 9081 users users"
  "order-service 8083 9083 orders orders"
  "notification-service 8084 9084 notifications notifications"
)

say() { printf '\033[1m[stack]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[stack] ERROR:\033[0m %s\n' "$*" >&2; exit 1; }
alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }
healthy() { curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$1/q/health/ready"; }

jar_of() { echo "$ROOT/$1/target/quarkus-app/quarkus-run.jar"; }
app_dir() { echo "$ROOT/$1/target/quarkus-app"; }

stale_modules() {
  local svc name
  for svc in "${SERVICES[@]}"; do
    read -r name _ <<<"$svc"
    local jar; jar=$(jar_of "$name")
    if [[ ! -f "$jar" ]] || [[ -n $(find "$ROOT/$name/src/main" "$ROOT/$name/pom.xml" "$ROOT/infra/src/main" \
        "$ROOT/infra/pom.xml" "$ROOT/pom.xml" -newer "$jar" -print -quit 2>/dev/null) ]]; then
      echo "$name"
    fi
  done
}

build() {
  local stale; stale=$(stale_modules | paste -sd, -)
  if [[ -z "$stale" ]]; then say "build: up to date"; return; fi
  say "build: packaging $stale (log: $RUN_DIR/build.log)"
  (cd "$ROOT" && ./mvnw -B --no-transfer-progress package -DskipTests -pl "$stale" -am >"$RUN_DIR/build.log" 2>&1) \
    || die "the build failed; see $RUN_DIR/build.log"
}

# shellcheck source=scripts/apt.sh
source "$ROOT/scripts/apt.sh"
# nginx-light where the distribution still has it (Debian 12), else nginx.
ensure_nginx() {
  apt_ensure nginx-light -- nginx 2>/dev/null || apt_ensure nginx -- nginx
}

# Starts a service's JVM in the background with the settings the Helm chart gives it (env) and prints its pid.
# Started in its quarkus-app folder, where its AOT cache or AppCDS archive lives. Logs are appended: the log of a
# service that crashed is what explains the crash. The settings are exported in a subshell that then becomes the JVM:
# `export` is a builtin, so no credential ever stands on a command line (`ps` shows those to every user).
launch() { # name port mport db log java-options…
  local name=$1 port=$2 mport=$3 db=$4 log=$5; shift 5
  (
    export QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT="$mport" \
      QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$db" \
      QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" \
      QUARKUS_DATASOURCE_USERNAME="$db" QUARKUS_DATASOURCE_PASSWORD="$db" \
      RABBITMQ_HOST="$RABBITMQ_HOST" RABBITMQ_PORT="$RABBITMQ_PORT" RABBITMQ_USERNAME="$name" \
      QUARKUS_REST_CLIENT_BILLING_URL="http://127.0.0.1:8082" \
      MP_JWT_VERIFY_PUBLICKEY_LOCATION="$JWKS_URL"
    [[ $name == user-service ]] && export USERS_TOKENS_SIGNING_KEY_LOCATION="$SIGNING_KEY"
    [[ -s $(broker_password_file "$name") ]] || die "$(broker_password_file "$name") is missing; scripts/stack.sh run makes it"
    RABBITMQ_PASSWORD=$(<"$(broker_password_file "$name")")
    export RABBITMQ_PASSWORD
    export_credentials "$name"
    cd "$(app_dir "$name")"
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
    exec setsid nohup "$SERVICE_JAVA" $JAVA_OPTS "$@" -jar quarkus-run.jar
  ) >>"$log" 2>&1 </dev/null &
  echo $!
}

credential_file() { echo "$RUN_DIR/keys/$1.billing-credential"; }

# The broker users and the exchanges declared before the services start: the chart's files/broker.json, which its
# in-chart RabbitMQ loads as definitions too. Each service connects as its own user, allowed only its own exchanges
# and queues (configure, write, read regular expressions on the virtual host the services use: RABBITMQ_VIRTUAL_HOST,
# default /); billing-commands-sender is the user external systems send billing commands as (only the exchange
# billing.commands, and its own reply queues billing.replies.*).
# The tests (*Test, module tests) still connect as guest, the local profile's default, on queues of their own (*.test).
BROKER_DEFINITIONS="$ROOT/helm-chart/files/broker.json"
# The management UI's administrator (tag administrator, every permission); no service uses it.
BROKER_ADMIN=rabbitmq-admin
RABBITMQ_MANAGEMENT_PORT=${RABBITMQ_MANAGEMENT_PORT:-15672}
broker_password_file() { echo "$RUN_DIR/keys/$1.rabbitmq-password"; }

# Makes the broker users on this machine's RabbitMQ (idempotent): passwords made once into $RUN_DIR/keys (mode 600),
# set through the management API (as the machine broker's guest, the local administrator) so that no password stands on
# a command line; the users' permissions and the exchanges as files/broker.json says.
ensure_broker_users() {
  local entry name configure write read file api="http://$RABBITMQ_HOST:$RABBITMQ_MANAGEMENT_PORT/api"
  local admin=${RABBITMQ_LOCAL_ADMIN:-guest:guest}
  # The virtual host the services use (the bench gives them one of their own).
  local vhost; vhost=$(jq -rn --arg v "${RABBITMQ_VIRTUAL_HOST:-/}" '$v | @uri')
  local entries exchanges exchange
  mapfile -t entries < <(jq -r '.permissions | to_entries[] | "\(.key) \(.value | join(" "))"' "$BROKER_DEFINITIONS")
  mapfile -t exchanges < <(jq -r '.exchanges[] | "\(.name) \(.type)"' "$BROKER_DEFINITIONS")
  ((${#entries[@]} && ${#exchanges[@]})) || die "could not read the broker users and exchanges of $BROKER_DEFINITIONS"
  for entry in "${entries[@]}" "$BROKER_ADMIN .* .* .*"; do
    read -r name configure write read <<<"$entry"
    file=$(broker_password_file "$name")
    if [[ ! -s $file ]]; then
      command -v openssl >/dev/null || die "openssl is needed to make the broker users' passwords (apt-get install openssl)"
      (umask 077 && mkdir -p "$(dirname "$file")" && openssl rand -hex 24 >"$file") \
        || die "could not make the broker password $file"
      say "made the broker user $name's password: $file"
    fi
    local tags=""; [[ $name == "$BROKER_ADMIN" ]] && tags=administrator
    printf '{"password":"%s","tags":"%s"}' "$(<"$file")" "$tags" \
      | curl -fsS -o /dev/null -u "$admin" -H 'content-type: application/json' -X PUT --data @- "$api/users/$name" \
      || die "could not make the broker user $name ($api, as ${admin%%:*})"
    jq -n --arg c "$configure" --arg w "$write" --arg r "$read" '{configure: $c, write: $w, read: $r}' \
      | curl -fsS -o /dev/null -u "$admin" -H 'content-type: application/json' -X PUT --data @- \
        "$api/permissions/$vhost/$name" || die "could not set the broker user $name's permissions"
  done
  # Durable, as the producers declare them (a declaration that differs would be refused).
  for exchange in "${exchanges[@]}"; do
    printf '{"type":"%s","durable":true,"auto_delete":false,"internal":false,"arguments":{}}' "${exchange#* }" \
      | curl -fsS -o /dev/null -u "$admin" -H 'content-type: application/json' -X PUT --data @- \
        "$api/exchanges/$vhost/${exchange%% *}" || die "could not declare the exchange ${exchange%% *}"
  done
  say "broker users: $(for entry in "${entries[@]}"; do printf '%s ' "${entry%% *}"; done)and $BROKER_ADMIN;" \
    "exchanges: $(for exchange in "${exchanges[@]}"; do printf '%s ' "${exchange%% *}"; done)"
}
# The variable billing-service reads a caller's password from: user-service -> BILLING_CALLER_USER_SERVICE_PASSWORD.
caller_variable() { local upper=${1^^}; echo "BILLING_CALLER_${upper//-/_}_PASSWORD"; }

# Exports the credentials the chart gives a service, by the same names and to the same services only: billing-service
# every caller's (BILLING_CALLER_<CALLER>_PASSWORD), a caller its own (BILLING_CLIENT_PASSWORD), any other none; one
# that this shell inherited is dropped first.
export_credentials() { # name
  local caller file credential
  unset BILLING_CLIENT_PASSWORD
  for caller in "${BILLING_CALLERS[@]}"; do
    unset "$(caller_variable "$caller")"
    [[ $1 == billing-service || $1 == "$caller" ]] || continue
    file=$(credential_file "$caller")
    [[ -s $file ]] || die "$file is missing; scripts/stack.sh run makes it"
    credential=$(<"$file")
    if [[ $1 == billing-service ]]; then
      export "$(caller_variable "$caller")=$credential"
    else
      export BILLING_CLIENT_PASSWORD="$credential"
    fi
  done
}

# The startup archive a service starts from: its AOT cache on JDK 25+, if trained for this build, JVM and options.
archive_options() {
  local dir; dir=$(app_dir "$1")
  if aot_capable; then
    aot_fresh "$1" && echo "-XX:AOTCache=app.aot"
  elif [[ -f "$dir/app-cds.jsa" ]]; then
    echo "-XX:SharedArchiveFile=app-cds.jsa"
  fi
}

aot_stamp() { echo "$SERVICE_JAVA $JAVA_OPTS"; }
aot_fresh() {
  local dir; dir=$(app_dir "$1")
  [[ -f "$dir/app.aot" && "$dir/app.aot" -nt "$dir/quarkus-run.jar" && -f "$dir/app.aot.stamp" ]] \
    && [[ $(cat "$dir/app.aot.stamp") == "$(aot_stamp)" ]]
}

# Records the AOT caches that are missing or stale: each such service starts once with -XX:AOTCacheOutput, against the
# real database and broker, until it is ready; when it stops, its JVM writes app.aot. The caches of the services are
# recorded side by side; a JVM refuses (with a warning) a cache that another JDK build or other options recorded.
train_aot() {
  aot_capable || return 0
  local svc name port mport db pids=() names=() i t
  for svc in "${SERVICES[@]}"; do
    read -r name port mport db _ <<<"$svc"
    aot_fresh "$name" || alive "$RUN_DIR/$name.pid" && continue
    say "$name: recording its AOT cache on $SERVICE_JAVA (log $RUN_DIR/$name.aot.log)"
    rm -f "$(app_dir "$name")/app.aot" "$(app_dir "$name")/app.aot.stamp"
    pids+=("$(launch "$name" "$port" "$mport" "$db" "$RUN_DIR/$name.aot.log" -XX:AOTCacheOutput=app.aot)")
    names+=("$name:$mport")
  done
  for i in "${!pids[@]}"; do
    name=${names[$i]%%:*} mport=${names[$i]##*:}
    for ((t = 0; t < START_TIMEOUT * 2; t++)); do
      healthy "$mport" && break
      kill -0 "${pids[$i]}" 2>/dev/null || break
      sleep 0.5
    done
    if healthy "$mport"; then
      kill -TERM "${pids[$i]}" 2>/dev/null || true
    else
      say "$name: WARNING: the training start did not get ready; it starts without an AOT cache"
      kill -KILL "${pids[$i]}" 2>/dev/null || true
    fi
  done
  # On exit each JVM writes its cache (a child JVM assembles it, ~10-20 s here); one that takes too long is killed and
  # its service starts without a cache.
  for i in "${!pids[@]}"; do
    name=${names[$i]%%:*}
    for ((t = 0; t < START_TIMEOUT * 2; t++)); do kill -0 "${pids[$i]}" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "${pids[$i]}" 2>/dev/null; then
      say "$name: WARNING: recording its AOT cache took over ${START_TIMEOUT}s; it starts without one"
      kill -KILL "${pids[$i]}" 2>/dev/null || true
      rm -f "$(app_dir "$name")/app.aot"
    elif [[ -f "$(app_dir "$name")/app.aot" ]]; then
      aot_stamp >"$(app_dir "$name")/app.aot.stamp"
    fi
  done
}

start_service() {
  local name=$1 port=$2 mport=$3 db=$4
  local pidfile="$RUN_DIR/$name.pid" log="$RUN_DIR/$name.log"
  if alive "$pidfile"; then say "$name: already running (pid $(cat "$pidfile"))"; return; fi
  say "$name: starting on :$port (management :$mport, log $log)"
  # shellcheck disable=SC2046 # the archive option is one word or none
  launch "$name" "$port" "$mport" "$db" "$log" $(archive_options "$name") >"$pidfile"
}

wait_healthy() {
  local name=$1 mport=$2 pidfile="$RUN_DIR/$1.pid" i
  for ((i = 0; i < START_TIMEOUT * 2; i++)); do
    healthy "$mport" && { say "$name: healthy"; return; }
    alive "$pidfile" || { tail -n 30 "$RUN_DIR/$name.log" >&2; die "$name exited while starting; log: $RUN_DIR/$name.log"; }
    sleep 0.5
  done
  tail -n 30 "$RUN_DIR/$name.log" >&2
  die "$name is not healthy after ${START_TIMEOUT}s; log: $RUN_DIR/$name.log"
}

start_nginx() {
  local pidfile="$RUN_DIR/nginx/nginx.pid"
  if alive "$pidfile"; then say "ingress: already running"; return; fi
  mkdir -p "$RUN_DIR/nginx/tmp"
  say "ingress: NGINX on http://localhost:$INGRESS_PORT (Host arch.homework or localhost)"
  # Started by root, NGINX would run its worker as `nobody`, which cannot enter a checkout in a private folder (a
  # home directory, a `mktemp -d`) to spool a large request body under tmp/: it runs as the checkout's user instead.
  local user=()
  [[ $(id -u) -eq 0 ]] && user=(-g "user $(id -un) $(id -gn);")
  nginx -p "$RUN_DIR/nginx/" -c "$ROOT/local/nginx.conf" -e "$RUN_DIR/nginx/error.log" "${user[@]}" \
    || die "NGINX did not start; see $RUN_DIR/nginx/error.log"
  check_ingress_spools_bodies
}

# A body larger than NGINX keeps in memory is written to tmp/ first; a worker that cannot write there answers 500.
check_ingress_spools_bodies() {
  local status
  status=$(head -c 40000 /dev/zero | tr '\0' ' ' | curl -s -o /dev/null -w '%{http_code}' \
    -H 'Content-Type: application/json' --data-binary @- "http://127.0.0.1:$INGRESS_PORT/users")
  [[ $status == 4* ]] || die "the ingress answered a 40 kB body with $status, not user-service's 4xx; see $RUN_DIR/nginx/error.log"
}

# The key user-service signs access tokens with: made once per checkout, readable by its owner only, never committed
# (.run/ is ignored). The chart makes its own, in a Secret.
ensure_signing_key() {
  [[ -s $SIGNING_KEY ]] && return
  command -v openssl >/dev/null || die "openssl is needed to make the token signing key (apt-get install openssl)"
  mkdir -p "$(dirname "$SIGNING_KEY")"
  (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$SIGNING_KEY" 2>/dev/null) \
    || die "could not make the token signing key $SIGNING_KEY"
  say "made the token signing key $SIGNING_KEY"
}

# The credentials user-service and order-service call billing's internal operations with: a random password per
# caller, made once per checkout like the signing key, readable by its owner only, never committed (.run/ is ignored)
# and never printed. The chart makes its own, in a Secret.
ensure_service_credentials() {
  local caller file
  for caller in "${BILLING_CALLERS[@]}"; do
    file=$(credential_file "$caller")
    [[ -s $file ]] && continue
    command -v openssl >/dev/null || die "openssl is needed to make the services' credentials (apt-get install openssl)"
    (umask 077 && mkdir -p "$(dirname "$file")" && openssl rand -hex 24 >"$file") \
      || die "could not make $caller's credential $file"
    say "made $caller's credential for billing's internal operations: $file"
  done
}

cmd_run() {
  mkdir -p "$RUN_DIR"
  "$ROOT/scripts/ensure-services.sh"
  ensure_nginx
  ensure_signing_key
  ensure_service_credentials
  ensure_broker_users
  build
  train_aot
  local svc name port mport db prefix
  for svc in "${SERVICES[@]}"; do
    read -r name port mport db prefix <<<"$svc"
    start_service "$name" "$port" "$mport" "$db"
  done
  for svc in "${SERVICES[@]}"; do
    read -r name port mport db prefix <<<"$svc"
    wait_healthy "$name" "$mport"
  done
  start_nginx
  say "ready:"
  echo "  API (ingress)       http://localhost:$INGRESS_PORT  (or http://arch.homework:$INGRESS_PORT with a hosts entry)"
  for svc in "${SERVICES[@]}"; do
    read -r name port mport db prefix <<<"$svc"
    printf '  %-20s http://localhost:%s/%s/swagger-ui   health http://localhost:%s/q/health\n' \
      "$name" "$INGRESS_PORT" "$prefix" "$mport"
  done
  echo "  RabbitMQ management http://localhost:15672 ($BROKER_ADMIN, password in $(broker_password_file "$BROKER_ADMIN"))"
  echo "  stop: make stop   status: make status   logs: make logs [SERVICE=billing-service]"
}

stop_pid() { # pidfile name
  alive "$1" || { rm -f "$1"; return 0; }
  local pid i; pid=$(cat "$1")
  say "$2: stopping (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 40; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$1"
}

cmd_stop() {
  local svc name
  if alive "$RUN_DIR/nginx/nginx.pid"; then
    say "ingress: stopping"
    nginx -p "$RUN_DIR/nginx/" -c "$ROOT/local/nginx.conf" -s quit 2>/dev/null || true
    for _ in $(seq 1 20); do alive "$RUN_DIR/nginx/nginx.pid" || break; sleep 0.25; done
    stop_pid "$RUN_DIR/nginx/nginx.pid" ingress
  fi
  for svc in "${SERVICES[@]}"; do
    read -r name _ <<<"$svc"
    stop_pid "$RUN_DIR/$name.pid" "$name"
  done
}

service_entry() {
  local svc name
  for svc in "${SERVICES[@]}"; do
    read -r name _ <<<"$svc"
    [[ $name == "$1" ]] && { echo "$svc"; return; }
  done
  die "no service named '$1'"
}

cmd_kill() {
  local pidfile="$RUN_DIR/$1.pid" pid
  service_entry "$1" >/dev/null
  alive "$pidfile" || die "$1 is not running"
  pid=$(cat "$pidfile")
  kill -KILL "$pid"
  # A zombie (the child of a `stack.sh with` shell that has not reaped it yet) is gone too.
  while kill -0 "$pid" 2>/dev/null && [[ $(ps -o stat= -p "$pid") != Z* ]]; do sleep 0.1; done
  rm -f "$pidfile"
  say "$1: killed (pid $pid)"
}

cmd_start() {
  local name port mport db
  read -r name port mport db _ <<<"$(service_entry "$1")"
  ensure_signing_key
  ensure_service_credentials
  ensure_broker_users
  start_service "$name" "$port" "$mport" "$db"
  wait_healthy "$name" "$mport"
}

cmd_status() {
  local svc name port mport state rc=0
  for svc in "${SERVICES[@]}"; do
    read -r name port mport _ <<<"$svc"
    if ! alive "$RUN_DIR/$name.pid"; then state="stopped"; rc=1
    elif healthy "$mport"; then state="running, healthy"
    else state="running, NOT healthy"; rc=1; fi
    printf '  %-20s %s (log %s)\n' "$name" "$state" "$RUN_DIR/$name.log"
  done
  if alive "$RUN_DIR/nginx/nginx.pid"; then state="running on :$INGRESS_PORT"; else state="stopped"; rc=1; fi
  printf '  %-20s %s\n' ingress "$state"
  return $rc
}

cmd_logs() {
  if [[ -n "${1:-}" ]]; then tail -n 200 -F "$RUN_DIR/$1.log"; else tail -n 50 -F "$RUN_DIR"/*.log; fi
}

cmd_with() {
  if cmd_status >/dev/null 2>&1; then "$@"; return; fi
  trap cmd_stop EXIT
  cmd_run
  "$@"
}

case "${1:-}" in
  run) cmd_run ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  logs) shift; cmd_logs "$@" ;;
  with) shift; cmd_with "$@" ;;
  kill) cmd_kill "${2:?which service?}" ;;
  start) cmd_start "${2:?which service?}" ;;
  build) mkdir -p "$RUN_DIR"; build ;;
  credentials) ensure_signing_key; ensure_service_credentials; ensure_broker_users ;;
  *) echo "usage: $0 run|stop|status|logs [service]|with CMD…|kill SERVICE|start SERVICE|build|credentials" >&2; exit 2 ;;
esac
