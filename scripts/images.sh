#!/usr/bin/env bash
# Builds the four service images from docker/Dockerfile.jvm, tagged <REGISTRY>/<module>:<TAG> (TAG: the chart's
# appVersion), with Docker where an engine runs, otherwise podman (scripts/container-engine.sh). The services must be
# packaged first (`make images` does).
#   BASE_IMAGE=…  the Java 17 runtime image to build on; default: the Dockerfile's (Eclipse Temurin's JRE). When it
#                 cannot be pulled (no container registry reachable) and was not given explicitly, a stand-in is
#                 made from Debian's own packages with debootstrap (once: it is kept as $DEBIAN_BASE).
#   PUSH=1        pushes each image after building it.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ENGINE_LOG_NAME=images
# shellcheck source=scripts/container-engine.sh
source "$ROOT/scripts/container-engine.sh"

REGISTRY=${REGISTRY:-arch-homework}
TAG=${TAG:-$(sed -n 's/^appVersion: "\(.*\)"$/\1/p' "$ROOT/helm-chart/Chart.yaml")}
MODULES=(${IMAGE_MODULES:-user-service billing-service order-service notification-service})
DEFAULT_BASE=$(sed -n 's/^ARG BASE_IMAGE=//p' "$ROOT/docker/Dockerfile.jvm")
DEBIAN_SUITE=${DEBIAN_SUITE:-bookworm}
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
DEBIAN_BASE=${DEBIAN_BASE:-localhost/arch-homework/debian-jre:17-$DEBIAN_SUITE}
say() { engine_say "$@"; }

[[ -n $TAG && $TAG != latest ]] || engine_die "TAG must be a pinned tag, not '${TAG:-}'"

# The stand-in base: a minimal Debian with openjdk-17-jre-headless, no package manager caches, docs or locales.
# Kept in the engine's image store, so later builds reuse it; removing it (`podman rmi $DEBIAN_BASE`) rebuilds it.
debian_base() {
  if image_exists "$DEBIAN_BASE"; then return; fi
  apt_ensure debootstrap -- debootstrap
  local dir; dir=$(mktemp -d "${TMPDIR:-/tmp}/debian-jre.XXXXXX")
  say "building the base $DEBIAN_BASE: debootstrap $DEBIAN_SUITE + openjdk-17-jre-headless from $DEBIAN_MIRROR (once, ~2 min)"
  debootstrap --variant=minbase --include=openjdk-17-jre-headless "$DEBIAN_SUITE" "$dir/rootfs" "$DEBIAN_MIRROR" \
    >"$dir/debootstrap.log" 2>&1 || { tail -n 30 "$dir/debootstrap.log" >&2; engine_die "debootstrap failed"; }
  rm -rf "$dir"/rootfs/var/cache/apt/archives/*.deb "$dir"/rootfs/var/lib/apt/lists/* "$dir"/rootfs/usr/share/doc/* \
    "$dir"/rootfs/usr/share/man/* "$dir"/rootfs/usr/share/locale/* "$dir"/rootfs/var/log/*
  tar -C "$dir/rootfs" -c . | engine import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "LABEL org.opencontainers.image.description=Debian $DEBIAN_SUITE with openjdk-17-jre-headless (debootstrap)" \
    - "$DEBIAN_BASE" >"$dir/import.log" 2>&1 || { cat "$dir/import.log" >&2; engine_die "could not import the base"; }
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
    debian_base
    BASE_IMAGE=$DEBIAN_BASE BASE_SOURCE="made from Debian's packages (debootstrap), as $DEFAULT_BASE cannot be pulled"
  fi
}

choose_engine
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
say "built ${#MODULES[@]} images on $BASE_IMAGE: $(printf '%s ' "${MODULES[@]/#/$REGISTRY/}" | sed "s/ /:$TAG /g")"
