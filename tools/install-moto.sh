#!/usr/bin/env bash
# Installs moto's server (PyPI `moto[server]`, MOTO_VERSION or later) into an ignored venv
# under .tools/, idempotently. The contract tests in test/contract/ run `moto_server` from
# it and compare its responses with the fleet simulator's, through the same AWS SDK clients.
# A warm run only checks a stamp file.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
min_version="${MOTO_VERSION:-5.1.22}"
venv="$root/.tools/moto-venv"
stamp="$venv/.moto-$min_version"

if [[ -x "$venv/bin/moto_server" && -f "$stamp" ]]; then
  exit 0
fi
python="$(command -v python3 || true)"
if [[ -z "$python" ]]; then
  echo "install-moto: python3 (3.9+) is required to run moto_server for the contract tests" >&2
  exit 1
fi
echo "installing moto[server]>=$min_version into .tools/moto-venv (first run takes a minute)" >&2
fail() {
  echo "install-moto: $1; test/contract (simulator vs moto) cannot run until this works" >&2
  rm -rf "$venv"
  exit 1
}
rm -rf "$venv"
"$python" -m venv "$venv" || fail "python3 -m venv failed (Debian: apt-get install python3-venv)"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2 || fail "pip could not upgrade itself"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]>=$min_version" >&2 ||
  fail "pip could not install moto[server]>=$min_version from PyPI"
"$venv/bin/python" -c 'import moto, sys; print("moto", moto.__version__, file=sys.stderr)'
touch "$stamp"
