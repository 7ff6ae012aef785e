#!/usr/bin/env bash
# Runs the Postman collection with the newman pinned in postman/package-lock.json (installed on first use).
# Extra arguments go to `newman run`, e.g. --env-var baseUrl=http://arch.homework
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT/postman"
if [[ ! -x node_modules/.bin/newman ]]; then
  if ! command -v npm >/dev/null; then
    [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null || { echo "[newman] npm is needed (apt-get install npm)" >&2; exit 1; }
    echo "[newman] installing Node.js and npm from the distribution's packages" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
  fi
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
exec node_modules/.bin/newman run arch-homework.postman_collection.json \
  --environment arch-homework.postman_environment.json --color off "$@"
