#!/usr/bin/env bash
# Validates docker-compose.temporal.yml without a Docker engine: the compose client
# parses and resolves the file. Uses the plugin when present, Debian's docker-compose otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
file=docker-compose.temporal.yml
if docker compose version >/dev/null 2>&1; then
  docker compose -f "$file" config -q
elif command -v docker-compose >/dev/null 2>&1; then
  docker-compose -f "$file" config -q
else
  echo "compose check: no compose client installed; run 'apt-get install -y docker-compose' (CI does)" >&2
  exit 1
fi
echo "compose file valid: $file"
