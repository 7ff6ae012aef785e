# Sourced by scripts/images.sh and scripts/images-test.sh: which container engine builds and runs the images.
# A Docker engine where one answers (`docker info`); otherwise Debian's podman (daemonless), installed as root with
# apt-get when missing. ENGINE=docker|podman chooses.
# shellcheck shell=bash

# The stand-ins made from Debian's packages where the public images cannot be pulled (scripts/images.sh): the services'
# Java 17 runtime base, and for the `helm test` pod's images (values.yaml tests.newman.image, tests.proxy.image) a base
# with Node.js and NGINX (the proxy) and on it the newman of postman/package-lock.json.
DEBIAN_SUITE=${DEBIAN_SUITE:-bookworm}
DEBIAN_BASE=${DEBIAN_BASE:-localhost/arch-homework/debian-jre:17-$DEBIAN_SUITE}
DEBIAN_TOOLS=${DEBIAN_TOOLS:-localhost/arch-homework/debian-node-nginx:$DEBIAN_SUITE}
NEWMAN_STAND_IN=localhost/arch-homework/newman:$(sed -n '/"node_modules\/newman": {/,/}/s/^ *"version": "\(.*\)",$/\1/p' \
  "$ROOT/postman/package-lock.json" | head -n 1)-$DEBIAN_SUITE

engine_say() { printf '[%s] %s\n' "${ENGINE_LOG_NAME:-containers}" "$*" >&2; }
engine_die() { engine_say "ERROR: $*"; exit 1; }

# shellcheck source=scripts/apt.sh
source "$ROOT/scripts/apt.sh"

choose_engine() {
  if [[ -z ${ENGINE:-} ]]; then
    if command -v docker >/dev/null && docker info >/dev/null 2>&1; then ENGINE=docker; else ENGINE=podman; fi
  fi
  case $ENGINE in
    docker) ENGINE_CMD=(docker) ;;
    podman)
      # runc, not crun: crun cannot set up this machine's cgroups; cgroupfs, as no systemd runs here.
      apt_ensure podman runc slirp4netns uidmap containernetworking-plugins iptables -- podman runc
      ENGINE_CMD=(podman --runtime runc --cgroup-manager cgroupfs)
      ;;
    *) engine_die "ENGINE must be docker or podman, not '$ENGINE'" ;;
  esac
}

engine() { "${ENGINE_CMD[@]}" "$@"; }

image_exists() { engine image inspect "$1" >/dev/null 2>&1; }
