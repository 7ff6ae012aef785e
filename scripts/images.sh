#!/usr/bin/env bash
# Builds the four service images from docker/Dockerfile.jvm, tagged <REGISTRY>/<module>:<TAG> (TAG: the chart's
# appVersion), with Docker where an engine runs, otherwise podman (scripts/container-engine.sh). The services must be
# packaged first (`make images` does).
#   BASE_IMAGE=…  the Java 17 runtime image to build on; default: the Dockerfile's (Eclipse Temurin's JRE). When it
#                 cannot be pulled (no container registry reachable) and was not given explicitly, a stand-in is
#                 made from Debian's own packages with debootstrap (once: it is kept as $DEBIAN_BASE).
#   PUSH=1        pushes each image after building it.
# Then the `helm test` pod's images (SKIP_TEST_IMAGES=1 skips): the chart's pinned newman and NGINX where they can be
# pulled, else stand-ins from Debian's packages (Node.js with postman/'s pinned newman; NGINX).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ENGINE_LOG_NAME=images
# shellcheck source=scripts/container-engine.sh
source "$ROOT/scripts/container-engine.sh"

REGISTRY=${REGISTRY:-arch-homework}
TAG=${TAG:-$(sed -n 's/^appVersion: "\(.*\)"$/\1/p' "$ROOT/helm-chart/Chart.yaml")}
MODULES=(${IMAGE_MODULES:-user-service billing-service order-service notification-service})
DEFAULT_BASE=$(sed -n 's/^ARG BASE_IMAGE=//p' "$ROOT/docker/Dockerfile.jvm")
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
say() { engine_say "$@"; }

[[ -n $TAG && $TAG != latest ]] || engine_die "TAG must be a pinned tag, not '${TAG:-}'"

# A stand-in base: a minimal Debian with the given packages, no package manager caches, docs or locales. Kept in the
# engine's image store, so later builds reuse it; removing it (`podman rmi IMAGE`) rebuilds it.
debian_base() { # image packages (comma-separated)
  if image_exists "$1"; then return; fi
  apt_ensure debootstrap -- debootstrap
  local dir; dir=$(mktemp -d "${TMPDIR:-/tmp}/debian-base.XXXXXX")
  say "building the base $1: debootstrap $DEBIAN_SUITE + $2 from $DEBIAN_MIRROR (once, 1-5 min)"
  debootstrap --variant=minbase --include="$2" "$DEBIAN_SUITE" "$dir/rootfs" "$DEBIAN_MIRROR" \
    >"$dir/debootstrap.log" 2>&1 || { tail -n 30 "$dir/debootstrap.log" >&2; engine_die "debootstrap failed"; }
  rm -rf "$dir"/rootfs/var/cache/apt/archives/*.deb "$dir"/rootfs/var/lib/apt/lists/* "$dir"/rootfs/usr/share/doc/* \
    "$dir"/rootfs/usr/share/man/* "$dir"/rootfs/usr/share/locale/* "$dir"/rootfs/var/log/*
  tar -C "$dir/rootfs" -c . | engine import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "LABEL org.opencontainers.image.description=Debian $DEBIAN_SUITE with $2 (debootstrap)" \
    - "$1" >"$dir/import.log" 2>&1 || { cat "$dir/import.log" >&2; engine_die "could not import the base"; }
  rm -rf "$dir"
}

choose_base() {
  if [[ -n ${BASE_IMAGE:-} ]]; then
    image_exists "$BASE_IMAGE" || engine pull "$BASE_IMAGE" >/dev/null || engine_die "cannot pull BASE_IMAGE=$BASE_IMAGE"
    BASE_SOURCE="given as BASE_IMAGE"
  elif image_exists "$DEFAULT_BASE" || engine pull -q "$DEFAULT_BASE" >/dev/null 2>&1; then
    BASE_IMAGE=$DEFAULT_BASE BASE_SOURCE="the default"
  else
    say "the default base $DEFAULT_BASE cannot be pulled (no registry reachable?): using Debian's packages instead"
    debian_base "$DEBIAN_BASE" openjdk-17-jre-headless
    BASE_IMAGE=$DEBIAN_BASE BASE_SOURCE="made from Debian's packages (debootstrap), as $DEFAULT_BASE cannot be pulled"
  fi
}

# The `helm test` pod's images: the chart's pinned ones where they can be pulled, else stand-ins (images-test.sh runs
# whichever is there).
test_images() {
  local newman proxy
  newman=$(yq -r '.tests.newman.image | "\(.repository):\(.tag)"' "$ROOT/helm-chart/values.yaml")
  proxy=$(yq -r '.tests.proxy.image | "\(.repository):\(.tag)"' "$ROOT/helm-chart/values.yaml")
  if { image_exists "$newman" || engine pull -q "$newman" >/dev/null 2>&1; } \
      && { image_exists "$proxy" || engine pull -q "$proxy" >/dev/null 2>&1; }; then
    say "helm test images: $newman and $proxy (the chart's)"
    return
  fi
  debian_base "$DEBIAN_TOOLS" nodejs,nginx-light
  [[ -x $ROOT/postman/node_modules/.bin/newman ]] \
    || (cd "$ROOT/postman" && npm ci --no-audit --no-fund --loglevel=error >&2)
  engine build -q --build-arg "BASE_IMAGE=$DEBIAN_TOOLS" -f "$ROOT/docker/Dockerfile.newman" -t "$NEWMAN_STAND_IN" \
    "$ROOT/postman" >/dev/null
  say "helm test images: $newman and $proxy cannot be pulled: stand-ins $NEWMAN_STAND_IN and $DEBIAN_TOOLS"
}

choose_engine
command -v yq >/dev/null || apt_ensure yq jq -- yq jq
choose_base
say "engine: $ENGINE; base: $BASE_IMAGE ($BASE_SOURCE)"
for module in "${MODULES[@]}"; do
  image="$REGISTRY/$module:$TAG"
  [[ -f $ROOT/$module/target/quarkus-app/quarkus-run.jar ]] || engine_die "$module is not packaged (./mvnw package)"
  say "$image"
  engine build -q --build-arg "BASE_IMAGE=$BASE_IMAGE" --label "arch-homework.base=$BASE_IMAGE" \
    -f "$ROOT/$module/src/main/docker/Dockerfile.jvm" -t "$image" "$ROOT/$module" >/dev/null
  if [[ -n ${PUSH:-} ]]; then engine push "$image"; fi
done
[[ -n ${SKIP_TEST_IMAGES:-} ]] || test_images
say "built ${#MODULES[@]} images on $BASE_IMAGE: $(printf '%s ' "${MODULES[@]/#/$REGISTRY/}" | sed "s/ /:$TAG /g")"
