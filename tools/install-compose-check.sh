#!/usr/bin/env bash
# Builds tools/compose-check (compose-go, the Compose Specification's reference loader,
# from the Go module proxy) into .tools/bin, idempotently. A warm run only checks a stamp
# keyed by the program's source and go.sum, so a version bump there rebuilds it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
src="$here/compose-check"
bin_dir="$root/.tools/bin"
stamp="$bin_dir/.compose-check-$(cat "$src/go.mod" "$src/go.sum" "$src/main.go" | sha256sum | cut -c1-16)"

if [[ -x "$bin_dir/compose-check" && -f "$stamp" ]]; then
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "install-compose-check: Go is required to build the compose check" >&2; exit 1; }
mkdir -p "$bin_dir"
echo "building compose-check (compose-go) from the Go module proxy" >&2
rm -f "$bin_dir"/.compose-check-*
(cd "$src" && CGO_ENABLED=0 go build -trimpath -o "$bin_dir/compose-check" .)
touch "$stamp"
