#!/usr/bin/env bash
# Renders the Mermaid diagrams of docs/architecture.md to docs/diagrams/<name>.svg. Each diagram is a ```mermaid block
# preceded by a line `<!-- diagram: <name> -->`; the page is the only source, the SVGs are committed beside it.
# Needs npm and a Chromium (Debian: apt-get install chromium); mermaid-cli is installed into a temporary folder.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PAGE="$ROOT/docs/architecture.md"
OUT="$ROOT/docs/diagrams"
MERMAID_CLI_VERSION=11.17.0
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[[ -n "$CHROMIUM" ]] || { echo "[diagrams] no chromium found (apt-get install chromium, or set CHROMIUM)" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && PUPPETEER_SKIP_DOWNLOAD=1 npm i --no-audit --no-fund --loglevel=error \
  "@mermaid-js/mermaid-cli@$MERMAID_CLI_VERSION" >&2)
printf '{"executablePath":"%s","args":["--no-sandbox","--disable-gpu"]}\n' "$CHROMIUM" > "$WORK/puppeteer.json"

# Split the page into one .mmd file per named diagram.
awk -v dir="$WORK" '
  /^<!-- diagram: [a-z0-9-]+ -->$/ { name = $3; next }
  name != "" && /^```mermaid$/ { file = dir "/" name ".mmd"; inside = 1; next }
  inside && /^```$/ { inside = 0; name = ""; close(file); next }
  inside { print > file }
' "$PAGE"

mkdir -p "$OUT"
for source in "$WORK"/*.mmd; do
  name=$(basename "$source" .mmd)
  "$WORK/node_modules/.bin/mmdc" --quiet -p "$WORK/puppeteer.json" -i "$source" -o "$OUT/$name.svg" -b white
  echo "[diagrams] docs/diagrams/$name.svg"
done
