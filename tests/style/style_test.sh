#!/usr/bin/env bash
# The sources' style, checked on every file the checkout tracks:
#  1. every C++ file is clang-formatted (.clang-format: Google style);
#  2. every bash script (*.sh, .ci/run) is shellcheck-clean;
#  3. the version is written once: `vita --version` and `vita-server
#     --version` print project(VERSION) of CMakeLists.txt, and web/package.json
#     says the same.
# Each failure names the file and what to run to fix it.
#
# Usage: tests/style/style_test.sh VITA_SERVER_BINARY VITA_BINARY
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: $0 VITA_SERVER_BINARY VITA_BINARY" >&2; exit 2; }
server_bin=$1 client_bin=$2
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../deploy/lib.sh"
cd "$VITA_REPO"

passes=0 failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; passes=$((passes + 1)); }

mapfile -t cxx < <(git ls-files -- '*.cc' '*.h')
(( ${#cxx[@]} > 50 )) || fail "found only ${#cxx[@]} C++ files to check"
bad=()
for f in "${cxx[@]}"; do
  clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if (( ${#bad[@]} )); then
  fail "not clang-formatted (run: clang-format -i ${bad[*]})"
else
  pass "${#cxx[@]} C++ files are clang-formatted"
fi

mapfile -t scripts < <(git ls-files -- '*.sh' .ci/run)
(( ${#scripts[@]} > 10 )) || fail "found only ${#scripts[@]} scripts to check"
if out=$(shellcheck -x "${scripts[@]}" 2>&1); then
  pass "${#scripts[@]} bash scripts are shellcheck-clean"
else
  fail "shellcheck finds problems:"$'\n'"$out"
fi

version=$(sed -n 's/^project(vita VERSION \([0-9.]*\) .*/\1/p' CMakeLists.txt)
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "no project(vita VERSION X.Y.Z) in CMakeLists.txt"
for pair in "vita-server $server_bin" "vita $client_bin"; do
  name=${pair%% *} bin=${pair#* }
  got=$("$bin" --version)
  if [[ $got == "$name $version" ]]; then
    pass "$name --version prints $version"
  else
    fail "$name --version prints '$got', CMakeLists.txt says $version"
  fi
done
web_version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' web/package.json)
if [[ $web_version == "$version" ]]; then
  pass "web/package.json says $version"
else
  fail "web/package.json says '$web_version', CMakeLists.txt says $version"
fi

echo "$passes passed, $failures failed"
(( failures == 0 ))
