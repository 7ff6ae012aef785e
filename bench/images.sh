#!/usr/bin/env bash
# The container images' figures, apart from `make bench`: each image's size, and the time from a container's start to
# its readiness probe's first success when the four start together as the chart runs them (scripts/images-test.sh
# ready: the rendered Deployments' limits, this machine's PostgreSQL and RabbitMQ). The images must be built
# (`make images`). Writes bench/results/images-latest.md. Touches PostgreSQL and RabbitMQ: on a shared machine, run it
# under the test lock.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ENGINE_LOG_NAME=bench
# shellcheck source=scripts/container-engine.sh
source "$ROOT/scripts/container-engine.sh"
choose_engine

RESULT=$ROOT/bench/results/images-latest.md
TIMINGS=$ROOT/.run/images-test/timings.tsv
"$ROOT/scripts/images-test.sh" ready >&2

mb() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1000000 }'; }
{
  echo "# Container images ($(date -u +%Y%m%d-%H%M%S), engine $ENGINE, load average $(cut -d' ' -f1-3 /proc/loadavg))"
  echo
  echo "| image | base | size | of which the base | start to ready |"
  echo "| --- | --- | --- | --- | --- |"
  while IFS=$'\t' read -r _ image seconds; do
    base=$(engine image inspect -f '{{index .Config.Labels "arch-homework.base"}}' "$image")
    size=$(engine image inspect -f '{{.Size}}' "$image")
    base_size=$(engine image inspect -f '{{.Size}}' "$base")
    echo "| $image | $base | $(mb "$size") MB | $(mb "$base_size") MB | $seconds s |"
  done <"$TIMINGS"
  echo
  echo "Start to ready: from \`run\` to the first success of the chart's readiness probe, the four containers starting"
  echo "together on this machine's cores, each limited to the chart's CPU and memory limits."
} | tee "$RESULT"
