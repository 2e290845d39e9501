#!/usr/bin/env bash
# Every script of the checkout answers --help with its header comment (exit
# 0, doing nothing else) and a wrong argument with one usage line on stderr
# (exit 2, doing nothing else): deploy/lib.sh's vita_help, vita_usage,
# vita_other_arg and vita_operands, as each script uses them.
#
# Usage: tests/deploy/script_usage_test.sh
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../deploy/lib.sh"
cd "$VITA_REPO"

passes=0 failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; passes=$((passes + 1)); }
scratch=$(mktemp -d "${TMPDIR:-/tmp}/vita-script-usage.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
# A build tree that must not come to exist: nothing may be built or installed.
export VITA_BUILD_DIR=$scratch/never-built

# help_is SCRIPT USAGE_LINE: `SCRIPT --help` exits 0 and prints its header,
# with the line USAGE_LINE, without comment leaders or the `set` line.
help_is() {
  local out status=0
  out=$("$1" --help 2>"$scratch/stderr") || status=$?
  if (( status != 0 )); then
    fail "$1 --help exits $status: $(cat "$scratch/stderr")"
  elif ! grep -qxF -- "$2" <<<"$out"; then
    fail "$1 --help has no line '$2':"$'\n'"$out"
  elif grep -qE '^#|^set -euo' <<<"$out"; then
    fail "$1 --help prints comment leaders or its set line:"$'\n'"$out"
  elif [[ -s $scratch/stderr ]]; then
    fail "$1 --help writes on stderr: $(cat "$scratch/stderr")"
  else
    pass "$1 --help prints its header, with '$2'"
  fi
}
# usage_is LINE SCRIPT ARGS...: `SCRIPT ARGS...` exits 2 and says exactly
# LINE on stderr, nothing on stdout.
usage_is() {
  local line=$1 out status=0
  shift
  out=$("$@" 2>"$scratch/stderr") || status=$?
  if (( status != 2 )) || [[ -n $out || $(cat "$scratch/stderr") != "$line" ]]; then
    fail "$* exits $status, prints '$out', says on stderr '$(cat "$scratch/stderr")'; want exit 2 and '$line'"
  else
    pass "$* exits 2 saying '$line'"
  fi
}

help_is deploy/up.sh "Usage: deploy/up.sh"
help_is deploy/run-gateway.sh "Usage: deploy/run-gateway.sh [--validate]"
help_is deploy/render-envoy-config.sh "Usage: deploy/render-envoy-config.sh OUT_FILE"
help_is deploy/install-deps.sh "Usage: deploy/install-deps.sh [--for-tests] [--print-packages]"
help_is deploy/install-envoy.sh "Usage: deploy/install-envoy.sh VENV_DIR"
help_is bench/run.sh "Usage: bench/run.sh [--seconds S] [--runs N] [--writes N] [--out DIR]"
help_is bench/writes.sh "Usage: bench/writes.sh [--writes N] [--callers C] [--client ghz|write_load] [--no-publish] [--publish-parent DIR] [--build DIR] [--port PORT]"
help_is tests/run.sh "Usage: tests/run.sh [CTEST_ARGS...]   e.g. tests/run.sh -R grpcurl"
help_is web/build-web-root.sh "Usage: web/build-web-root.sh OUT_DIR"
help_is tests/fuzz/run.sh "Usage: tests/fuzz/run.sh [SECONDS] [TARGET...]"

usage_is "usage: deploy/up.sh (settings come from the environment; see --help)" \
  deploy/up.sh extra
usage_is "usage: deploy/run-gateway.sh [--validate]  (settings come from the environment; see --help)" \
  deploy/run-gateway.sh --validate extra
usage_is "usage: deploy/render-envoy-config.sh OUT_FILE" deploy/render-envoy-config.sh
usage_is "usage: deploy/install-deps.sh [--for-tests] [--print-packages]" \
  deploy/install-deps.sh --for-tests --bogus
usage_is "usage: deploy/install-envoy.sh VENV_DIR" deploy/install-envoy.sh "$scratch/a" "$scratch/b"
usage_is "usage: bench/run.sh [--seconds S] [--runs N] [--writes N] [--out DIR]" bench/run.sh --bogus
usage_is "usage: bench/writes.sh [--writes N] [--callers C] [--client ghz|write_load] [--no-publish] [--publish-parent DIR] [--build DIR] [--port PORT]" \
  bench/writes.sh --writes 0
usage_is "usage: bench/writes.sh [--writes N] [--callers C] [--client ghz|write_load] [--no-publish] [--publish-parent DIR] [--build DIR] [--port PORT]" \
  bench/writes.sh --client bogus
usage_is "usage: web/build-web-root.sh OUT_DIR" web/build-web-root.sh
usage_is "usage: tests/fuzz/run.sh [SECONDS] [TARGET...]" tests/fuzz/run.sh 10 bogus

# Neither --help nor a wrong argument built, installed or wrote anything.
leftovers=$(find "$scratch" -mindepth 1 -not -name stderr)
if [[ -n $leftovers || -e ./--help ]]; then
  fail "--help or a wrong argument left files: $leftovers $(ls -d ./--help 2>/dev/null)"
else
  pass "--help and wrong arguments build, install and write nothing"
fi

echo "$passes passed, $failures failed"
(( failures == 0 ))
