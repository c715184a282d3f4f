#!/usr/bin/env bash
# Installs cfn-lint (PyPI, CFN_LINT_VERSION or later) into an ignored venv under .tools/,
# idempotently. test/deploy/ runs it over every template `npm run synth` writes to cdk.out/.
# A warm run only checks a stamp file.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
min_version="${CFN_LINT_VERSION:-1.20.0}"
venv="$root/.tools/cfn-lint-venv"
stamp="$venv/.cfn-lint-$min_version"

if [[ -x "$venv/bin/cfn-lint" && -f "$stamp" ]]; then
  exit 0
fi
python="$(command -v python3 || true)"
if [[ -z "$python" ]]; then
  echo "install-cfn-lint: python3 (3.9+) is required to run cfn-lint over the synthesized templates" >&2
  exit 1
fi
echo "installing cfn-lint>=$min_version into .tools/cfn-lint-venv" >&2
fail() {
  echo "install-cfn-lint: $1; the deploy templates cannot be linted until this works" >&2
  rm -rf "$venv"
  exit 1
}
rm -rf "$venv"
"$python" -m venv "$venv" || fail "python3 -m venv failed (Debian: apt-get install python3-venv)"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "cfn-lint>=$min_version" >&2 ||
  fail "pip could not install cfn-lint>=$min_version from PyPI"
"$venv/bin/cfn-lint" --version >&2
touch "$stamp"
