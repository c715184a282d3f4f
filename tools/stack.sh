#!/usr/bin/env bash
# The local stack and the demo in one command (docs/demo.md): installs what is needed,
# starts the Temporal dev server with its Web UI, the fleet simulator, the bridge and the
# worker on 127.0.0.1, plays every scenario, prints what each workflow did, then stays up
# with the Web UI address until Ctrl-C. Arguments go to `fleet-workflows demo`:
#   npm run stack -- --idle                  # stack only, no scenario
#   npm run stack -- --scenario scale-out    # one scenario
#   npm run stack -- --once                  # play, check, stop (exit 1 on a failed expectation)
# Ports: STACK_TEMPORAL_PORT (7233), STACK_UI_PORT (8233); state and logs in .stack/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cd "$root"

bash "$here/setup.sh"

mkdir -p .stack
# A fresh history per run: the scenarios' groups and ids start from the simulator's empty fleet.
rm -f .stack/temporal.db
exec node bin/fleet-workflows.js demo \
  --temporal-port "${STACK_TEMPORAL_PORT:-7233}" --ui-port "${STACK_UI_PORT:-8233}" \
  --state-dir .stack "$@"
