#!/usr/bin/env bash
# Validates docker-compose.temporal.yml with no Docker engine, compose client or system
# package: tools/compose-check runs compose-go, the Compose Specification's reference
# loader that Docker Compose itself is built on, so the verdict is `docker compose config`'s
# (the specification's JSON schema, then depends_on/volume consistency), and warnings such
# as an obsolete `version:` fail too. Built with Go, which setup already needs, from the
# Go module proxy into .tools/ without root.
# Not chosen: PyPI's docker-compose is Compose v1, end-of-life since 2023, reads only the
# old versioned format, and no longer installs on Python 3.11 (PyYAML 5.4 fails to build);
# the npm packages that carry the specification's schema are one-off copies from 2021
# with nothing that checks consistency.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$(dirname "$here")"
bash "$here/install-compose-check.sh"
.tools/bin/compose-check docker-compose.temporal.yml
