#!/usr/bin/env bash
# The test command: installs what the tests need, builds everything and runs
# every test (ctest: store, domain, api, grpcurl, CLI, gateway and browser
# tests). Safe to run again; rebuilds only what changed.
#
# Usage: tests/run.sh [CTEST_ARGS...]   e.g. tests/run.sh -R grpcurl
#        tests/run.sh --help               this text
# Environment:
#   VITA_BUILD_DIR  [build]   the CMake build tree
#   VITA_JOBS       [2]       parallel build and test jobs
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/lib.sh"
repo=$VITA_REPO
case "${1:-}" in -h|--help) vita_help; exit 0 ;; esac
build=$(vita_build_dir)
jobs=${VITA_JOBS:-2}
export VITA_BUILD_DIR=$build

"$repo/deploy/install-deps.sh" --for-tests
cmake -S "$repo" -B "$build" -G Ninja -DVITA_BUILD_TESTS=ON >/dev/null
cmake --build "$build" -j "$jobs"
ctest --test-dir "$build" -j "$jobs" --output-on-failure --timeout 600 "$@"
