#!/usr/bin/env bash
# Installs the official Temporal time-skipping test server (Java, from Maven Central)
# because @temporalio/testing's own download cannot reach its host from here.
# Also trains a class-data-sharing archive so the JVM listens well inside the ~5 s
# the SDK waits for it, even on a loaded 2-core machine.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
dest="$root/.tools/test-server"
pom="$here/test-server/pom.xml"
stamp="$dest/.installed-$(sha256sum "$pom" | cut -c1-16)"

if [[ -f "$stamp" && -x "$dest/temporal-test-server" ]]; then
  exit 0
fi
rm -rf "$dest"
mkdir -p "$dest/lib"
echo "installing Temporal time-skipping test server from Maven Central" >&2
mvn -q -B -f "$pom" dependency:copy-dependencies \
  -DoutputDirectory="$dest/lib" -DincludeScope=runtime >&2

cp "$here/test-server/temporal-test-server" "$dest/temporal-test-server"
chmod +x "$dest/temporal-test-server"

# Training run: start, wait until it listens, stop; the JVM writes the archive on exit.
port=$(( 20000 + RANDOM % 10000 ))
TEMPORAL_TEST_SERVER_CDS_TRAINING=1 "$dest/temporal-test-server" "$port" --enable-time-skipping >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  sleep 0.1
done
kill -TERM "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
if [[ ! -s "$dest/app-cds.jsa" ]]; then
  echo "warning: no class-data-sharing archive was written; the server will start slower" >&2
fi
touch "$stamp"
