#!/usr/bin/env bash
# The local stack: installs what is needed, starts the Temporal dev server with its
# Web UI (state kept in .stack/temporal.db across restarts) and the worker. Ctrl-C
# stops everything it started.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cd "$root"

bash "$here/setup.sh"

port="${STACK_TEMPORAL_PORT:-7233}"
ui_port="${STACK_UI_PORT:-8233}"
mkdir -p .stack
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

.tools/bin/temporal server start-dev \
  --ip 127.0.0.1 --port "$port" --ui-port "$ui_port" \
  --db-filename .stack/temporal.db --log-level warn \
  >.stack/temporal.log 2>&1 &
pids+=($!)

for _ in $(seq 1 150); do
  if .tools/bin/temporal operator cluster health --address "127.0.0.1:$port" >/dev/null 2>&1; then break; fi
  sleep 0.2
done
.tools/bin/temporal operator cluster health --address "127.0.0.1:$port" >/dev/null
echo "Temporal dev server: 127.0.0.1:$port   Web UI: http://127.0.0.1:$ui_port" >&2

export TEMPORAL_ADDRESS="127.0.0.1:$port"
export AWS_REGION="${AWS_REGION:-us-east-1}"
node -r @swc-node/register worker/main.ts &
pids+=($!)
echo "worker started (logs below); Ctrl-C stops the stack" >&2
wait -n "${pids[@]}"
