# shellcheck shell=bash
# What Vita's scripts share: the checkout, the build tree, and the one way the
# run path configures and builds. Sourced, never run:
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"   # sets VITA_REPO
#   build=$(vita_build_dir)                            # absolute build tree
#   vita_build_run_targets "$build" 2                  # as deploy/up.sh does
#
# Nothing here installs anything; deploy/install-deps.sh does.

# The checkout this file belongs to (absolute).
VITA_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export VITA_REPO

# The targets `deploy/up.sh` builds: the server, the client and the
# descriptor set Envoy's transcoder reads.
VITA_RUN_TARGETS=(vita-server vita vita_descriptor_set)

# Prints the CMake build tree: VITA_BUILD_DIR (relative to the checkout when
# not absolute), else build/ in the checkout.
vita_build_dir() {
  local build=${VITA_BUILD_DIR:-$VITA_REPO/build}
  [[ $build == /* ]] || build=$VITA_REPO/$build
  printf '%s\n' "$build"
}

# vita_build_run_targets BUILD_DIR JOBS [CMAKE_ARGS...]
# Configures BUILD_DIR without the tests (so GoogleTest is never needed) and
# builds VITA_RUN_TARGETS. Fails with the compiler's or CMake's own message.
vita_build_run_targets() {
  local build=$1 jobs=$2
  shift 2
  cmake -S "$VITA_REPO" -B "$build" -G Ninja -DVITA_BUILD_TESTS=OFF "$@" >/dev/null
  cmake --build "$build" -j "$jobs" --target "${VITA_RUN_TARGETS[@]}"
}
