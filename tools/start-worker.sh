#!/usr/bin/env bash
# `npm start`: the worker as production runs it: the build's JavaScript and prebuilt workflow
# bundle (`npm run build` first), and a bounded Node heap. Arguments go to node, before the
# script (the local stack preloads its orphan guard this way).
#   WORKER_HEAP_MB       Node's old-space limit, default 256
#   WORKFLOW_BUNDLE_PATH default dist/workflow-bundle.js
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

# Node sizes its heap from the machine's memory, not the container's, and collects lazily
# below that size: a bound keeps the worker's footprint predictable (docs/benchmarks.md).
heap_mb="${WORKER_HEAP_MB:-256}"
if ! [[ "$heap_mb" =~ ^[0-9]+$ ]] || (( heap_mb < 128 )); then
  echo "fleet-workflows worker: invalid configuration: WORKER_HEAP_MB: expected a whole number of MB, at least 128 (got '$heap_mb')" >&2
  exit 2
fi
main="$root/dist/worker/main.js"
if [[ ! -f "$main" ]]; then
  echo "fleet-workflows worker: $main missing: run \`npm run build\` first" >&2
  exit 2
fi
export WORKFLOW_BUNDLE_PATH="${WORKFLOW_BUNDLE_PATH:-$root/dist/workflow-bundle.js}"
exec node --max-old-space-size="$heap_mb" "$@" "$main"
