#!/usr/bin/env bash
# Runs a command N times in a row and prints how many runs passed, for proof runs of a fix
# (docs/benchmarks.md). Each run's output goes to its own log, so a rare failure can be read.
#   tools/repeat.sh 10 npx fleet-workflows demo --once
#   REPEAT_LOG_DIR=.stack/repeat tools/repeat.sh 5 npx jest test/fault/worker-kill.test.ts --maxWorkers=1
# Exit code: 0 when every run passed, 1 otherwise. REPEAT_LOG_DIR: default a new temp directory.
set -uo pipefail

usage() {
  echo "usage: tools/repeat.sh N COMMAND [ARGS...]  (N: a positive number of runs)" >&2
  exit 2
}

[[ $# -ge 2 ]] || usage
runs=$1
shift
[[ $runs =~ ^[1-9][0-9]*$ ]] || usage

log_dir=${REPEAT_LOG_DIR:-$(mktemp -d -t repeat-XXXXXX)}
mkdir -p "$log_dir"
passed=0
failed_runs=()
started=$SECONDS

for ((i = 1; i <= runs; i++)); do
  log="$log_dir/run-$i.log"
  run_started=$SECONDS
  "$@" >"$log" 2>&1
  code=$?
  if [[ $code -eq 0 ]]; then
    passed=$((passed + 1))
    verdict=pass
  else
    failed_runs+=("$i")
    verdict="FAIL (exit $code)"
  fi
  echo "run $i/$runs: $verdict in $((SECONDS - run_started)) s (log: $log)"
done

echo "repeat: $passed/$runs passed, ${#failed_runs[@]} failed${failed_runs[*]:+ (runs ${failed_runs[*]})} in $((SECONDS - started)) s: $*"
[[ $passed -eq $runs ]]
