#!/usr/bin/env bash
# Runs the four service images as the Helm chart's rendered Deployments say, against this machine's PostgreSQL and
# RabbitMQ, then the Postman collection through an NGINX with the Ingress's rules; removes everything it started.
#   1. renders helm-chart/ (scripts/helm.sh) with external PostgreSQL and RabbitMQ at this machine, the database
#      passwords scripts/ensure-services.sh gives the roles, and the broker users, callers' credentials and signing key
#      that scripts/stack.sh makes for `make run`;
#   2. reads each Deployment (yq turns the YAML into JSON, scripts/images-plan.jq resolves it) and runs its image with
#      exactly its runAsUser/runAsGroup (+ fsGroup), read-only root filesystem, the emptyDir mounts as tmpfs and the
#      Secret volumes as read-only files, all capabilities dropped, no-new-privileges, the environment of its
#      ConfigMap, Secret and env entries, its memory and CPU limits; each container has its own address on a
#      network of its own, listens on the chart's ports, and every Service name resolves to its pod's address;
#   3. waits for each readiness probe (path and port), fails on a container that exits or does not get ready in its
#      startup probe's time;
#   4. checks that an image fails where the chart's settings are not kept (NEGATIVE=0 skips): another user, no
#      emptyDir on the read-only root filesystem, a heap larger than the memory limit;
#   5. runs newman (scripts/newman.sh) through local/nginx.conf's Ingress rules, listening on $INGRESS_PORT, with the
#      upstreams at the containers;
#   6. runs the rendered `helm test` pod (TEST_POD=0 skips): its NGINX sidecar and newman, with their images' stand-ins
#      where the chart's cannot be pulled (scripts/images.sh).
# PostgreSQL and RabbitMQ listen on 127.0.0.1 only; the containers reach them through two socat forwarders on the
# network's gateway (ports $PG_FORWARD_PORT and $AMQP_FORWARD_PORT, accepting the network's addresses only).
# `ready` does steps 1-3 only (bench/images.sh). KEEP=1 leaves the containers running (remove them with `scripts/images-test.sh clean`). Timings: $RUN/timings.tsv.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ENGINE_LOG_NAME=images-test
# shellcheck source=scripts/container-engine.sh
source "$ROOT/scripts/container-engine.sh"
say() { engine_say "$@"; }
die() { engine_die "$@"; }

RUN=${RUN:-$ROOT/.run/images-test}
RELEASE=arch
NAMESPACE=payments
NETWORK=arch-images-test
SUBNET_PREFIX=${SUBNET_PREFIX:-10.89.180}
GATEWAY=$SUBNET_PREFIX.1
PG_FORWARD_PORT=${PG_FORWARD_PORT:-18432}
AMQP_FORWARD_PORT=${AMQP_FORWARD_PORT:-18672}
INGRESS_PORT=${INGRESS_PORT:-18080}
PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432}
RABBITMQ_HOST=${RABBITMQ_HOST:-127.0.0.1} RABBITMQ_PORT=${RABBITMQ_PORT:-5672}
KEYS=$ROOT/.run/keys
PREFIX=arch-images-test-

containers() { engine ps -a --filter "label=arch-images-test" --format '{{.Names}}' 2>/dev/null || true; }

clean() {
  local name pid
  # Twice: a container in another's network namespace (the test pod's newman) must go before that one.
  for _ in 1 2; do for name in $(containers); do engine rm -f "$name" >/dev/null 2>&1 || true; done; done
  if [[ -f $RUN/nginx/nginx.pid ]]; then
    nginx -p "$RUN/nginx/" -c "$RUN/nginx.conf" -s quit 2>/dev/null || true
    for _ in $(seq 1 20); do [[ -f $RUN/nginx/nginx.pid ]] || break; sleep 0.25; done
  fi
  for pid in $(cat "$RUN"/forwarder.*.pid 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
  rm -f "$RUN"/forwarder.*.pid
}

# Memory as the container engine takes it: Kubernetes' 512Mi is 512 MiB, 1Gi 1 GiB, a plain number bytes.
memory_of() {
  case $1 in
    *Ki) echo "${1%Ki}k" ;; *Mi) echo "${1%Mi}m" ;; *Gi) echo "${1%Gi}g" ;;
    *[0-9]) echo "${1}b" ;; *) die "memory limit '$1' is not supported here" ;;
  esac
}
cpus_of() { if [[ $1 == *m ]]; then awk -v m="${1%m}" 'BEGIN { printf "%.3f", m / 1000 }'; else echo "$1"; fi; }

render() {
  say "rendering helm-chart/ (external PostgreSQL $GATEWAY:$PG_FORWARD_PORT and RabbitMQ $GATEWAY:$AMQP_FORWARD_PORT)"
  local users='{}' name
  for name in user-service order-service billing-service notification-service billing-commands-sender; do
    users=$(jq --arg n "$name" --rawfile p "$KEYS/$name.rabbitmq-password" '. + {($n): {password: ($p | rtrimstr("\n"))}}' <<<"$users")
  done
  # JSON is YAML: the values file holds the credentials, so it is readable by its owner only and never on a command line.
  (umask 077 && jq -n --arg gw "$GATEWAY" --argjson pg "$PG_FORWARD_PORT" --argjson amqp "$AMQP_FORWARD_PORT" \
    --argjson users "$users" \
    --rawfile user "$KEYS/user-service.billing-credential" --rawfile order "$KEYS/order-service.billing-credential" '
    {postgresql: {enabled: false, external: {host: $gw, port: $pg}},
     rabbitmq: {enabled: false, external: {host: $gw, port: $amqp}, users: $users},
     networkPolicy: {egress: {postgresql: ["\($gw)/32"], rabbitmq: ["\($gw)/32"]}},
     serviceCredentials: {"user-service": ($user | rtrimstr("\n")), "order-service": ($order | rtrimstr("\n"))},
     # The roles scripts/ensure-services.sh makes: each database'"'"'s role, with its name as password.
     services: {user: {database: {password: "users"}}, billing: {database: {password: "billing"}},
                order: {database: {password: "orders"}}, notification: {database: {password: "notifications"}}}}' \
    >"$RUN/values.json")
  (umask 077 && "$ROOT/scripts/helm.sh" template "$RELEASE" "$ROOT/helm-chart" --namespace "$NAMESPACE" \
    -f "$RUN/values.json" --set-file "tokens.signingKey=$KEYS/token-signing-key.pem" >"$RUN/rendered.yaml")
  (umask 077 && yq -c . "$RUN/rendered.yaml" | jq -s 'map(select(. != null))' >"$RUN/manifests.json")
}

# One address per Deployment, in the order of their names; every Service (its name, as pods resolve it) points at the
# address of the Deployment it selects. A Service whose port differs from its container port cannot be mapped so.
plan_network() {
  DEPLOYMENTS=($(jq -r '[.[] | select(.kind == "Deployment") | .metadata.name] | sort | .[]' "$RUN/manifests.json"))
  declare -gA ADDRESS=()
  local i=11 d
  for d in "${DEPLOYMENTS[@]}"; do ADDRESS[$d]=$SUBNET_PREFIX.$i; i=$((i + 1)); done
  HOSTS=()
  local line service deployment
  while read -r service deployment; do
    [[ -n ${ADDRESS[$deployment]:-} ]] || die "Service $service selects no Deployment"
    HOSTS+=(--add-host "$service:${ADDRESS[$deployment]}")
  done < <(jq -r '
    . as $all | .[] | select(.kind == "Service") | . as $s
    | ($all | map(select(.kind == "Deployment" and (.spec.template.metadata.labels as $l
        | $s.spec.selector | to_entries | all(.value == $l[.key])))) | first) as $d
    | select($d)
    | ($d.spec.template.spec.containers[0]) as $c
    | $s.spec.ports[] | . as $p
    | (if ($p.targetPort | type) == "number" then $p.targetPort
       elif $p.targetPort then ($c.ports | map(select(.name == $p.targetPort)) | first.containerPort) else $p.port end) as $target
    | if $target != $p.port then error("Service \($s.metadata.name) port \($p.port) -> \($target): not the same port") else . end
    | "\($s.metadata.name) \($d.metadata.name)"' "$RUN/manifests.json" | sort -u)
}

ensure_network() {
  engine network exists "$NETWORK" 2>/dev/null || engine network inspect "$NETWORK" >/dev/null 2>&1 \
    || engine network create --subnet "$SUBNET_PREFIX.0/24" --gateway "$GATEWAY" "$NETWORK" >/dev/null
}

start_forwarders() {
  apt_ensure socat -- socat
  local spec listen target
  for spec in "$PG_FORWARD_PORT:$PGHOST:$PGPORT" "$AMQP_FORWARD_PORT:$RABBITMQ_HOST:$RABBITMQ_PORT"; do
    listen=${spec%%:*} target=${spec#*:}
    socat "TCP-LISTEN:$listen,fork,reuseaddr,range=$SUBNET_PREFIX.0/24" "TCP:$target" </dev/null >>"$RUN/forwarders.log" 2>&1 &
    echo $! >"$RUN/forwarder.$listen.pid"
  done
}

# The files of a Secret or ConfigMap volume, as the kubelet writes them: owned by root and the pod's fsGroup, with
# the volume's defaultMode.
volume_files() { # plan-file mount-index dir
  local dir=$3 key
  rm -rf "$dir" && mkdir -p "$dir"
  while read -r key; do
    jq -j --argjson i "$2" --arg k "$key" '.mounts[$i].files[$k]' "$1" >"$dir/$key"
    chmod "$(printf '%o' "$(jq -r --argjson i "$2" '.mounts[$i].mode' "$1")")" "$dir/$key"
    chown "0:$(jq -r '.fsGroup // 0' "$1")" "$dir/$key"
  done < <(jq -r --argjson i "$2" '.mounts[$i].files | keys[]' "$1")
  chmod 0755 "$dir"
}

# Below this shell's own limits: the engine's defaults are higher, and raising a limit needs CAP_SYS_RESOURCE.
ulimit_options() {
  echo "--ulimit=nofile=$(($(ulimit -n) < 65536 ? $(ulimit -n) / 2 : 32768))"
  echo "--ulimit=nproc=$(($(ulimit -u) < 8192 ? $(ulimit -u) / 2 : 4096))"
}

# The engine options that run a Deployment's container as its pod spec says. Prints them, one per line.
run_options() { # plan-file deployment
  local plan=$1 i path
  jq -e '.runAsNonRoot and .user != 0' "$plan" >/dev/null || die "$2 does not run as a non-root user"
  echo "--user=$(jq -r '"\(.user):\(.group)"' "$plan")"
  jq -r '.fsGroup // empty | "--group-add=\(.)"' "$plan"
  jq -e '.readOnlyRootFilesystem' "$plan" >/dev/null && echo --read-only
  # podman would otherwise mount writable tmpfs on /tmp, /var/tmp and /run of a read-only container.
  [[ $ENGINE == podman ]] && echo --read-only-tmpfs=false
  jq -r '.dropCapabilities[] | "--cap-drop=\(.)"' "$plan"
  jq -e '.allowPrivilegeEscalation | not' "$plan" >/dev/null && echo --security-opt=no-new-privileges
  echo "--memory=$(memory_of "$(jq -r '.memory' "$plan")")"
  echo "--memory-swap=$(memory_of "$(jq -r '.memory' "$plan")")"
  echo "--cpus=$(cpus_of "$(jq -r '.cpu' "$plan")")"
  jq -r '.env | to_entries[] | if (.value | test("\n")) then error("\(.key) has a line break") else "\(.key)=\(.value)" end' \
    "$plan" >"$RUN/$2.env"
  echo "--env-file=$RUN/$2.env"
  ulimit_options
  for i in $(jq -r '.mounts | keys[]' "$plan"); do
    path=$(jq -r --argjson i "$i" '.mounts[$i].path' "$plan")
    case $(jq -r --argjson i "$i" '.mounts[$i].type' "$plan") in
      emptyDir) echo "--mount=type=tmpfs,destination=$path,tmpfs-mode=1777" ;;
      files)
        # Read-only as the kubelet mounts Secret and ConfigMap volumes, whatever the mount says; a subPath is one file.
        volume_files "$plan" "$i" "$RUN/volumes/$2/$i"
        echo "--mount=type=bind,source=$RUN/volumes/$2/$i$(jq -r --argjson i "$i" '.mounts[$i].subPath // "" | if . == "" then "" else "/" + . end' "$plan"),destination=$path,readonly=true" ;;
    esac
  done
}

start_container() { # deployment
  local d=$1 plan=$RUN/$1.plan.json options
  jq --arg deployment "$d" -f "$ROOT/scripts/images-plan.jq" "$RUN/manifests.json" >"$plan"
  mapfile -t options < <(run_options "$plan" "$d")
  image_exists "$(jq -r .image "$plan")" || die "image $(jq -r .image "$plan") is missing: make images"
  engine rm -f "$PREFIX$d" >/dev/null 2>&1 || true
  STARTED[$d]=$(date +%s.%N)
  engine run -d --name "$PREFIX$d" --label arch-images-test --hostname "$d" \
    --network "$NETWORK" --ip "${ADDRESS[$d]}" "${HOSTS[@]}" "${options[@]}" "$(jq -r .image "$plan")" >/dev/null
  say "$d: $(jq -r .image "$plan") at ${ADDRESS[$d]} ports $(jq -r '.ports | join(",")' "$plan"), $(printf '%s ' "${options[@]}" | sed "s|$RUN/||g")"
}

state() { engine inspect -f '{{.State.Status}}' "$PREFIX$1" 2>/dev/null || echo gone; }

wait_ready() { # deployment
  local d=$1 plan=$RUN/$1.plan.json url deadline
  url="http://${ADDRESS[$d]}:$(jq -r '.readiness.port' "$plan")$(jq -r '.readiness.path' "$plan")"
  deadline=$(($(date +%s) + $(jq -r '.startup.seconds' "$plan")))
  until curl -fs -o /dev/null --max-time 2 "$url"; do
    if [[ $(state "$d") != running ]] || (($(date +%s) > deadline)); then
      engine logs --tail 40 "$PREFIX$d" >&2 || true
      die "$d did not get ready ($url; container $(state "$d"), exit code $(engine inspect -f '{{.State.ExitCode}}' "$PREFIX$d" 2>/dev/null))"
    fi
    sleep 0.25
  done
  local ready; ready=$(date +%s.%N)
  printf '%s\t%s\t%.1f\n' "$d" "$(jq -r .image "$plan")" "$(echo "$ready - ${STARTED[$d]}" | bc)" >>"$RUN/timings.tsv"
  say "$d: ready ($url) $(printf '%.1f' "$(echo "$ready - ${STARTED[$d]}" | bc)") s after its start"
}

# What the chart's settings forbid must fail: each is one short start of an image, without a network.
negative_checks() {
  local d=${DEPLOYMENTS[0]} plan image out rc limits
  plan=$RUN/$d.plan.json image=$(jq -r .image "$plan")
  mapfile -t limits < <(ulimit_options)
  # Another user than the chart's runAsUser/runAsGroup cannot read the service's code.
  set +e
  out=$(engine run --rm --label arch-images-test --network none "${limits[@]}" --user 1000:1000 --read-only "$image" 2>&1); rc=$?
  set -e
  [[ $rc -ne 0 && $out == *"Unable to access jarfile"* ]] \
    || die "$image started as user 1000:1000 (exit $rc): only the chart's group 185 may read it"
  say "negative: $image as user 1000:1000 fails (exit $rc: ${out%%$'\n'*})"
  # Without the chart's emptyDir at /tmp, the read-only root filesystem refuses the service's first write.
  local no_tmpfs=(); [[ $ENGINE == podman ]] && no_tmpfs=(--read-only-tmpfs=false)
  set +e
  out=$(engine run --rm --label arch-images-test --network none "${limits[@]}" --read-only "${no_tmpfs[@]}" \
    --user "$(jq -r '"\(.user):\(.group)"' "$plan")" --env-file "$RUN/$d.env" "$image" 2>&1); rc=$?
  set -e
  [[ $rc -ne 0 && $out == *"Read-only file system"* ]] \
    || die "$image without its /tmp mount did not fail on the read-only root filesystem (exit $rc)"
  say "negative: $image without the emptyDir at /tmp fails (exit $rc: $(grep -m1 -o '[^ ]*: Read-only file system' <<<"$out"))"
  # A heap that cannot fit into the memory limit: the kernel's OOM killer stops the JVM (137 = SIGKILL). From $RUN:
  # conmon leaves a file named oom in its working directory.
  set +e
  out=$(cd "$RUN" && engine run --rm --label arch-images-test --network none "${limits[@]}" --user "$(jq -r '"\(.user):\(.group)"' "$plan")" \
    --memory "$(memory_of "$(jq -r .memory "$plan")")" --memory-swap "$(memory_of "$(jq -r .memory "$plan")")" \
    -e "JAVA_TOOL_OPTIONS=-Xms$(( $(numfmt --from=iec "$(jq -r .memory "$plan" | sed 's/i$//')") / 1048576 * 2 ))m -XX:+AlwaysPreTouch" \
    "$image" 2>&1); rc=$?
  set -e
  [[ $rc -eq 137 ]] || die "$image with a heap of twice its memory limit exited $rc, not 137 (OOM-killed): ${out:0:300}"
  say "negative: $image with a heap twice its memory limit $(jq -r .memory "$plan") is OOM-killed (exit 137)"
}

# The `helm test` pod as rendered (helm-chart/templates/tests/newman.yaml): its sidecar (an init container with
# restartPolicy Always) started first, until its startup probe answers, then newman in the sidecar's network namespace
# (one pod, one address; every Service name resolves as in the cluster). The chart's pinned images where present, else
# the stand-ins scripts/images.sh made. Fails when newman fails.
test_pod() {
  local pod address=$SUBNET_PREFIX.20 name plan image options sidecar="" rc
  pod=$(jq -r '[.[] | select(.kind == "Pod" and .metadata.annotations["helm.sh/hook"] == "test")] | first | .metadata.name // empty' \
    "$RUN/manifests.json")
  [[ -n $pod ]] || die "the chart rendered no helm test Pod"
  local sidecars containers
  sidecars=$(jq -r --arg p "$pod" '.[] | select(.kind == "Pod" and .metadata.name == $p) | .spec.initContainers // [] | .[] | select(.restartPolicy == "Always") | .name' "$RUN/manifests.json")
  containers=$(jq -r --arg p "$pod" '.[] | select(.kind == "Pod" and .metadata.name == $p) | .spec.containers[].name' "$RUN/manifests.json")
  for name in $sidecars $containers; do
    plan=$RUN/$pod.$name.plan.json
    jq --arg kind Pod --arg deployment "$pod" --arg container "$name" -f "$ROOT/scripts/images-plan.jq" "$RUN/manifests.json" >"$plan"
    image=$(jq -r .image "$plan")
    if ! image_exists "$image"; then
      case $name in newman) image=$NEWMAN_STAND_IN ;; proxy) image=$DEBIAN_TOOLS ;; *) die "no image $image for $pod/$name" ;; esac
      image_exists "$image" || die "neither $(jq -r .image "$plan") nor its stand-in $image is there: make images"
      say "$pod/$name: $(jq -r .image "$plan") cannot be pulled here: its stand-in $image"
    fi
    mapfile -t options < <(run_options "$plan" "$pod.$name")
    local network=(--network "$NETWORK" --ip "$address" "${HOSTS[@]}")
    [[ -n $sidecar ]] && network=(--network "container:$sidecar")
    local command=(); [[ $(jq -r '.command // empty' "$plan") ]] && command=(--entrypoint "$(jq -r '.command[0]' "$plan")")
    local args; mapfile -t args < <(jq -r '(.command // [])[1:][], (.args // [])[]' "$plan")
    if [[ " $sidecars " == *" $name "* ]]; then
      sidecar=$PREFIX$pod-$name
      engine run -d --name "$sidecar" --label arch-images-test "${network[@]}" "${options[@]}" "${command[@]}" "$image" "${args[@]}" >/dev/null
      local port; port=$(jq -r '.startup.port' "$plan")
      for _ in $(seq 1 "$(jq -r '.startup.seconds' "$plan")"); do
        (exec 3<>"/dev/tcp/$address/$port") 2>/dev/null && break
        [[ $(engine inspect -f '{{.State.Status}}' "$sidecar") == running ]] || { engine logs "$sidecar" >&2; die "$pod/$name stopped"; }
        sleep 1
      done
      say "$pod/$name: started ($image, $address:$port)"
    else
      say "$pod/$name: $image ${args[*]}"
      set +e
      engine run --name "$PREFIX$pod-$name" --label arch-images-test "${network[@]}" "${options[@]}" "${command[@]}" \
        "$image" "${args[@]}" >"$RUN/$pod.$name.log" 2>&1
      rc=$?
      set -e
      tail -n 25 "$RUN/$pod.$name.log"
      [[ $rc -eq 0 ]] || die "$pod/$name failed (exit $rc; $RUN/$pod.$name.log)"
    fi
  done
}

start_ingress() {
  command -v nginx >/dev/null || apt_ensure nginx-light -- nginx
  mkdir -p "$RUN/nginx/tmp"
  cp "$ROOT/local/nginx.conf" "$RUN/nginx.conf"
  # The local stack's Ingress rules, listening on $INGRESS_PORT, each upstream (a module) at its container's HTTP port.
  sed -i -E "s|listen 127\.0\.0\.1:8080;|listen 127.0.0.1:$INGRESS_PORT;|" "$RUN/nginx.conf"
  local d port
  for d in "${DEPLOYMENTS[@]}"; do
    port=$(jq -r '.env.QUARKUS_HTTP_PORT // .ports[0]' "$RUN/$d.plan.json")
    grep -q "upstream $(jq -r .name "$RUN/$d.plan.json") { server " "$RUN/nginx.conf" \
      || die "local/nginx.conf has no upstream $(jq -r .name "$RUN/$d.plan.json")"
    sed -i -E "s|(upstream $(jq -r .name "$RUN/$d.plan.json") \{ server )[^;]+;|\1${ADDRESS[$d]}:$port;|" "$RUN/nginx.conf"
  done
  local user=()
  [[ $(id -u) -eq 0 ]] && user=(-g "user $(id -un) $(id -gn);")
  nginx -p "$RUN/nginx/" -c "$RUN/nginx.conf" -e "$RUN/nginx/error.log" "${user[@]}" \
    || die "NGINX did not start; see $RUN/nginx/error.log"
  say "ingress: NGINX on http://localhost:$INGRESS_PORT with local/nginx.conf's rules, upstreams at the containers"
}

# Steps 1-3: the four containers, ready. Removes them on exit unless KEEP is set.
start_all() {
  mkdir -p "$RUN" && chmod 700 "$RUN"
  choose_engine
  [[ $ENGINE == podman || $ENGINE == docker ]] || die "unsupported engine"
  command -v yq >/dev/null || apt_ensure yq jq -- yq jq
  command -v bc >/dev/null || apt_ensure bc -- bc
  clean
  trap 'rc=$?; [[ -n ${KEEP:-} ]] || clean; exit $rc' EXIT
  "$ROOT/scripts/ensure-services.sh"
  RUN_DIR=$ROOT/.run "$ROOT/scripts/stack.sh" credentials
  render
  plan_network
  ensure_network
  start_forwarders
  : >"$RUN/timings.tsv"
  declare -gA STARTED=()
  local d
  for d in "${DEPLOYMENTS[@]}"; do start_container "$d"; done
  for d in "${DEPLOYMENTS[@]}"; do wait_ready "$d"; done
}

# The services log as the chart says (logs.json): every line of theirs a JSON object, and notification-service's line
# for each letter of newman's orders names the trace of the message it came from.
check_json_logs() {
  local d log
  for d in "${DEPLOYMENTS[@]}"; do
    [[ $d == *-service ]] || continue
    log=$RUN/$d.container.log
    engine logs "$PREFIX$d" >"$log" 2>&1
    grep '^{' "$log" | jq -e . >/dev/null || die "$d wrote log lines that are not JSON ($log)"
    [[ $(grep -c '^{' "$log") -gt 0 ]] || die "$d wrote no JSON log lines ($log)"
    if [[ $d == *notification-service ]]; then
      grep '^{' "$log" | jq -e -s 'map(select((.message | test("letter for order")) and (.mdc.traceId // "" | length) == 32))
        | length > 0' >/dev/null || die "$d logged no letter with its trace id ($log)"
    fi
  done
  say "every service logged JSON lines; notification-service's letters carry their trace ids"
}

main() {
  local t0 d; t0=$(date +%s)
  start_all
  [[ ${NEGATIVE:-1} == 0 ]] || negative_checks
  start_ingress
  set -o pipefail
  "$ROOT/scripts/newman.sh" --env-var "baseUrl=http://localhost:$INGRESS_PORT" | tee "$RUN/newman.log" | tail -n 25
  [[ ${TEST_POD:-1} == 0 ]] || test_pod
  check_json_logs
  for d in "${DEPLOYMENTS[@]}"; do [[ $(state "$d") == running ]] || die "$d stopped during the run"; done
  say "passed: ${#DEPLOYMENTS[@]} images ran as the chart says and newman passed through the ingress ($(($(date +%s) - t0)) s)"
}

# The plans alone (no container, database or broker is touched): what `run` would start, without the environment's
# values. Needs the keys a `run` (or `make run`) made.
plans() {
  mkdir -p "$RUN" && chmod 700 "$RUN"
  render
  plan_network
  local d
  for d in "${DEPLOYMENTS[@]}"; do
    jq --arg deployment "$d" -f "$ROOT/scripts/images-plan.jq" "$RUN/manifests.json" \
      | jq -c --arg ip "${ADDRESS[$d]}" '{address: $ip} + . | .env |= keys | .mounts[] |= del(.files)'
  done
  printf '%s\n' "${HOSTS[@]}" | paste -sd' '
}

case ${1:-run} in
  run) main ;;
  ready) start_all ;;
  plans) plans ;;
  clean) choose_engine; clean ;;
  *) echo "usage: $0 [run|ready|plans|clean]" >&2; exit 2 ;;
esac
