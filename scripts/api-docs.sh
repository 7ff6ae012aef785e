#!/usr/bin/env bash
# Checks the API documents with the tools pinned in docs/tools/package-lock.json (installed there on first use).
#   api-docs.sh asyncapi [samples.json]   docs/asyncapi.yaml parses; the captured messages validate against it
#   api-docs.sh openapi FILE…             each OpenAPI document passes `redocly lint` (recommended rules), no errors
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOOLS="$ROOT/docs/tools"
if [[ ! -d "$TOOLS/node_modules/@asyncapi/parser" || ! -x "$TOOLS/node_modules/.bin/redocly" ]]; then
  # shellcheck source=scripts/apt.sh
  source "$ROOT/scripts/apt.sh"
  apt_ensure npm -- npm
  (cd "$TOOLS" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
case "${1:-}" in
  asyncapi) shift; exec node "$TOOLS/check-asyncapi.mjs" "$ROOT/docs/asyncapi.yaml" "$@" ;;
  openapi) shift; [[ $# -gt 0 ]] || { echo "usage: $0 openapi FILE…" >&2; exit 2; }
    export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
    exec "$TOOLS/node_modules/.bin/redocly" lint --extends recommended --format stylish "$@" ;;
  *) echo "usage: $0 asyncapi [samples.json] | openapi FILE…" >&2; exit 2 ;;
esac
