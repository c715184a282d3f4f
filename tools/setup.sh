#!/usr/bin/env bash
# Installs everything the project needs, idempotently: node modules from the lockfile,
# the Temporal time-skipping test server (Maven Central), the Temporal CLI and the compose
# file checker (Go module proxy) and moto (PyPI), all into the project's ignored .tools/:
# nothing needs root or a system package. Safe to run before every test run; a warm run
# takes a second.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cd "$root"

need() {
  command -v "$1" >/dev/null 2>&1 || { echo "setup: '$1' is required ($2)" >&2; exit 1; }
}
need node "Node.js 20 or newer"
need npm "comes with Node.js"
need java "a JDK 17+ runs the Temporal time-skipping test server"
need mvn "Maven fetches the test server from Maven Central"
need go "Go builds the Temporal CLI from its Go module"
need python3 "moto, for the simulator's contract tests, runs in a Python venv"

lock_hash="$(sha256sum package-lock.json | cut -c1-16)"
if [[ ! -f "node_modules/.installed-$lock_hash" ]]; then
  echo "setup: installing node modules from package-lock.json" >&2
  npm ci --no-audit --no-fund >&2
  touch "node_modules/.installed-$lock_hash"
fi

bash "$here/install-test-server.sh"
bash "$here/install-temporal-cli.sh"
bash "$here/install-compose-check.sh"
# moto keeps the fleet simulator honest (test/contract/)
bash "$here/install-moto.sh"
# cfn-lint checks the CDK app's templates (test/deploy/, the deploy step of tools/test.sh)
bash "$here/install-cfn-lint.sh"
