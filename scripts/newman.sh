#!/usr/bin/env bash
# Runs the Postman collection with the newman pinned in postman/package-lock.json (installed on first use).
# Extra arguments go to `newman run`, e.g. --env-var baseUrl=http://arch.homework
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT/postman"
if [[ ! -x node_modules/.bin/newman ]]; then
  # shellcheck source=scripts/apt.sh
  source "$ROOT/scripts/apt.sh"
  apt_ensure npm -- npm
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
exec node_modules/.bin/newman run arch-homework.postman_collection.json \
  --environment arch-homework.postman_environment.json --color off "$@"
