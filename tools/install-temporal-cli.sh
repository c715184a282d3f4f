#!/usr/bin/env bash
# Builds the official Temporal CLI (dev server + Web UI) from its Go module, because
# no prebuilt binary may be downloaded here; only the Go module proxy is reachable.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
version="${TEMPORAL_CLI_VERSION:-v1.5.1}"
bin_dir="$root/.tools/bin"
stamp="$bin_dir/.temporal-$version"

if [[ -x "$bin_dir/temporal" && -f "$stamp" ]]; then
  exit 0
fi
mkdir -p "$bin_dir"
echo "installing temporal CLI $version from the Go module proxy (first run takes minutes)" >&2
GOBIN="$bin_dir" CGO_ENABLED=0 GOFLAGS=-mod=mod \
  go install "github.com/temporalio/cli/cmd/temporal@$version"
touch "$stamp"
"$bin_dir/temporal" --version >&2
