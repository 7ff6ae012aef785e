# Sourced by the scripts that need a tool this machine may lack: the one way they install Debian packages.
# shellcheck shell=bash

# Installs the Debian packages (as root, non-interactively) when a command they provide is missing; the commands are
# the arguments after `--`: `apt_ensure podman runc -- podman runc`. Without root or apt-get it says what to install.
apt_ensure() {
  local packages=() commands=() seen_separator=0 word missing=0
  for word in "$@"; do
    if [[ $word == -- ]]; then seen_separator=1; elif ((seen_separator)); then commands+=("$word"); else packages+=("$word"); fi
  done
  for word in "${commands[@]}"; do command -v "$word" >/dev/null || missing=1; done
  ((missing)) || return 0
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    printf '[apt] ERROR: %s must be installed (apt-get install %s), or run this as root on Debian/Ubuntu\n' \
      "${commands[*]}" "${packages[*]}" >&2
    exit 1
  fi
  printf "[apt] installing %s from the distribution's packages\n" "${packages[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
}
