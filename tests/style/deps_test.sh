#!/usr/bin/env bash
# The dependency rule of ARCHITECTURE.md ("Directories and their dependency
# rule"), checked on the #include lines of every C++ file of the checkout
# (tracked or new, as the working tree has them):
#  1. cli/ includes nothing from server/;
#  2. common/ includes nothing from server/ or cli/, and neither gRPC nor
#     SQLite (nor generated messages: it depends on Abseil only);
#  3. server/store includes neither server/domain, server/api nor gRPC;
#  4. server/domain includes neither server/api nor gRPC;
#  5. on the server side, only server/api and server/*.cc include gRPC;
#  6. formats/ includes nothing from server/ or cli/, and no gRPC
#     (generated messages and Abseil only).
# gRPC is grpcpp/, grpc/ and the generated stubs (*.grpc.pb.h). Each failure
# names the file, the line and the include.
#
# Usage: tests/style/deps_test.sh
set -euo pipefail
[[ $# -eq 0 ]] || { echo "usage: $0" >&2; exit 2; }
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../deploy/lib.sh"
cd "$VITA_REPO"

passes=0 failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; passes=$((passes + 1)); }

grpc='"(grpcpp|grpc)/|"[^"]*\.grpc\.pb\.h"|<(grpcpp|grpc)/'
sqlite='[<"]sqlite3\.h[>"]'

# check RULE FILES_REGEX INCLUDE_REGEX [EXCEPT_FILES_REGEX]
# Fails once for each include line matching INCLUDE_REGEX in a C++ file whose
# path matches FILES_REGEX (and not EXCEPT_FILES_REGEX).
check() {
  local rule=$1 files=$2 includes=$3 except=${4:-'^$'}
  local -a matched=() bad=()
  local f
  for f in "${cxx[@]}"; do
    [[ $f =~ $files && ! $f =~ $except ]] && matched+=("$f")
  done
  if (( ${#matched[@]} == 0 )); then
    fail "$rule: no C++ file matches $files (has the tree moved?)"
    return
  fi
  mapfile -t bad < <(grep -HnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*($includes)" \
    "${matched[@]}" || true)
  if (( ${#bad[@]} )); then
    local line
    for line in "${bad[@]}"; do fail "$rule: $line"; done
  else
    pass "$rule (${#matched[@]} files)"
  fi
}

mapfile -t cxx < <(git ls-files --cached --others --exclude-standard -- \
  '*.cc' '*.h' | sort -u | while read -r f; do [[ -f $f ]] && echo "$f"; done)
(( ${#cxx[@]} > 50 )) || fail "found only ${#cxx[@]} C++ files to check"

check "cli/ includes nothing from server/" '^cli/' '"server/'
check "common/ includes nothing from server/ or cli/" '^common/' '"(server|cli)/'
check "common/ includes neither gRPC nor SQLite" '^common/' "$grpc|$sqlite"
check "common/ includes no generated messages (Abseil only)" '^common/' \
  '"(vita/v1|google/protobuf)/'
check "server/store includes neither server/domain nor server/api" \
  '^server/store/' '"server/(domain|api)/'
check "server/store includes no gRPC" '^server/store/' "$grpc"
check "server/domain includes nothing from server/api" '^server/domain/' \
  '"server/api/'
check "server/domain includes no gRPC" '^server/domain/' "$grpc"
check "on the server side only server/api and server/*.cc include gRPC" \
  '^server/' "$grpc" '^server/(api/.*|[^/]*\.cc)$'

check "formats/ includes nothing from server/ or cli/" '^formats/' \
  '"(server|cli)/'
check "formats/ includes no gRPC" '^formats/' "$grpc|$sqlite"

echo "$passes passed, $failures failed"
(( failures == 0 ))
