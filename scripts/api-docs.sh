#!/usr/bin/env bash
# Checks the API documents with the tools pinned in docs/tools/package-lock.json (installed there on first use).
#   api-docs.sh asyncapi [samples.json]   docs/asyncapi.yaml parses; the captured messages validate against it
#   api-docs.sh openapi FILE…             each OpenAPI document passes `redocly lint` (recommended rules), no errors
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOOLS="$ROOT/docs/tools"
if [[ ! -d "$TOOLS/node_modules/@asyncapi/parser" || ! -x "$TOOLS/node_modules/.bin/redocly" ]]; then
  if ! command -v npm >/dev/null; then
    [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null || { echo "[api-docs] npm is needed (apt-get install npm)" >&2; exit 1; }
    echo "[api-docs] installing Node.js and npm from the distribution's packages" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
  fi
  (cd "$TOOLS" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
case "${1:-}" in
  asyncapi) shift; exec node "$TOOLS/check-asyncapi.mjs" "$ROOT/docs/asyncapi.yaml" "$@" ;;
  openapi) shift; [[ $# -gt 0 ]] || { echo "usage: $0 openapi FILE…" >&2; exit 2; }
    export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
    exec "$TOOLS/node_modules/.bin/redocly" lint --extends recommended --format stylish "$@" ;;
  *) echo "usage: $0 asyncapi [samples.json] | openapi FILE…" >&2; exit 2 ;;
esac
