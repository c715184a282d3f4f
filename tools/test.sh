#!/usr/bin/env bash
# The whole test suite, as README's test command runs it: install, type-check, lint,
# validate the compose file, then every jest suite (unit, time-skipping, replay, e2e).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$(dirname "$here")"

bash "$here/setup.sh"
started=$(date +%s)
# Tests talk to loopback only: a lookup that slipped through to the SDK's default credential
# chain must not try the EC2 instance metadata address either.
export AWS_EC2_METADATA_DISABLED=true

# Each is one single-threaded process: side by side on 2 cores they take as long as the
# slower (eslint) rather than both in turn.
echo "== type-check (tsc --noEmit, strict) and lint (eslint), side by side"
mkdir -p .stack
npx tsc --noEmit -p tsconfig.json >.stack/typecheck.log 2>&1 &
typecheck=$!
npx eslint . >.stack/lint.log 2>&1 &
lint=$!
checks_failed=0
wait "$typecheck" || checks_failed=1
cat .stack/typecheck.log
wait "$lint" || checks_failed=1
cat .stack/lint.log
if (( checks_failed )); then echo "type-check or lint failed (above)" >&2; exit 1; fi
echo "== compose file"
bash "$here/check-compose.sh"
echo "== deploy (synth + cfn-lint)"
rm -rf cdk.out && npm run --silent synth
# cfn-lint adds 2 to its exit status for errors and 4 for warnings: errors (or 1, a crash) fail.
lint=0; .tools/cfn-lint-venv/bin/cfn-lint cdk.out/*.template.json || lint=$?
(( (lint & 3) == 0 ))
echo "== tests (jest)"
mkdir -p .stack
# Workflow bundles are made once per run by the first test file that needs each (test/helpers/workflow-bundles.ts).
rm -rf .stack/workflow-bundles
status=0
npx jest --ci --json --outputFile=.stack/jest-results.json "$@" || status=$?
echo "test suite wall time: $(( $(date +%s) - started )) s"
# The closing line CI reads: "tests: N passed, N failed, N skipped".
node -e '
  const r = require("./.stack/jest-results.json");
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
'
exit "$status"
