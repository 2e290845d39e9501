# shellcheck shell=bash
# What Vita's scripts share: the checkout, the build tree, the defaults, the
# one way the run path configures and builds, and how a script answers
# --help and wrong arguments. Sourced, never run:
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"   # sets VITA_REPO
#   vita_operands 1 OUT_FILE "$@"                      # --help, or one operand
#   server=$(vita_server_address VITA_UPSTREAM)        # VITA_SERVER or its alias
#   build=$(vita_build_dir)                            # absolute build tree
#   vita_build_run_targets "$build" 2                  # as deploy/up.sh does
#
# Nothing here installs anything; deploy/install-deps.sh does.

# The checkout this file belongs to (absolute).
VITA_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export VITA_REPO

# Defaults of the settings, used by the scripts that source this file
# (their --help says the same numbers).
# shellcheck disable=SC2034
{
  DEFAULT_SERVER=127.0.0.1:50051    # VITA_SERVER: vita-server's gRPC address
  DEFAULT_LISTEN_PORT=8080          # VITA_LISTEN_PORT: the page (the gateway)
  DEFAULT_ADMIN_PORT=9901           # VITA_ADMIN_PORT: Envoy's admin interface
  DEMO_PROFILE=hexu-zhao            # VITA_DEFAULT_PROFILE: the profile "/" shows
  DEMO_SEED=$VITA_REPO/deploy/demo/hexu-zhao.json  # VITA_SEED: the demo page
  # The gateway's limits (docs/security.md).
  DEFAULT_MAX_BODY_BYTES=262144     # VITA_MAX_BODY_BYTES: larger bodies are 413
  DEFAULT_MAX_IMPORT_BYTES=4194304  # VITA_MAX_IMPORT_BYTES: the same for the import
  DEFAULT_WRITES_PER_MINUTE=120     # VITA_WRITES_PER_MINUTE: per client, then 429
  DEFAULT_TOKEN_CALLS_PER_MINUTE=120  # VITA_TOKEN_CALLS_PER_MINUTE: per client, then 429
}

# The targets `deploy/up.sh` builds: the server, the client and the
# descriptor set Envoy's transcoder reads.
VITA_RUN_TARGETS=(vita-server vita vita_descriptor_set)

# Prints the calling script's --help: its header comment, from line 2 to the
# `set -euo pipefail` line.
vita_help() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

# vita_usage SYNOPSIS: says how the script is called, on stderr; exits 2.
vita_usage() {
  echo "usage: $0 $*" >&2
  exit 2
}

# vita_other_arg ARG SYNOPSIS: for an argument no option of the script
# matched: -h or --help prints the help and exits 0; anything else is a usage
# error.
vita_other_arg() {
  case $1 in -h|--help) vita_help; exit 0 ;; esac
  vita_usage "$2"
}

# vita_operands COUNT SYNOPSIS "$@": for a script that takes exactly COUNT
# operands. -h or --help prints the help and exits 0; any other count is a
# usage error.
vita_operands() {
  local count=$1 synopsis=$2
  shift 2
  case "${1:-}" in -h|--help) vita_other_arg "$1" "$synopsis" ;; esac
  [[ $# -eq $count ]] || vita_usage "$synopsis"
}

# vita_server_address OLD_NAME: prints the server address: VITA_SERVER,
# else the deprecated alias OLD_NAME (VITA_GRPC_LISTEN, VITA_UPSTREAM), else
# DEFAULT_SERVER. An alias in use is noted on stderr in one line.
vita_server_address() {
  local old=$1
  if [[ -n ${!old:-} ]]; then
    if [[ -n ${VITA_SERVER:-} ]]; then
      echo "${0##*/}: note: $old is a deprecated name of VITA_SERVER; both are set, VITA_SERVER wins" >&2
    else
      echo "${0##*/}: note: $old is a deprecated name of VITA_SERVER (the server address); use VITA_SERVER" >&2
    fi
  fi
  printf '%s\n' "${VITA_SERVER:-${!old:-$DEFAULT_SERVER}}"
}

# Prints the gateway's scheme: https when VITA_TLS_CERT is set (the
# listener speaks TLS), else http.
vita_gateway_scheme() {
  if [[ -n ${VITA_TLS_CERT:-} ]]; then echo https; else echo http; fi
}

# Prints the CMake build tree: VITA_BUILD_DIR (relative to the checkout when
# not absolute), else build/ in the checkout.
vita_build_dir() {
  local build=${VITA_BUILD_DIR:-$VITA_REPO/build}
  [[ $build == /* ]] || build=$VITA_REPO/$build
  printf '%s\n' "$build"
}

# vita_npm_ci DIR: installs DIR/node_modules from DIR/package-lock.json
# (npm ci) when it is missing or older than the lock file; else nothing.
# web/ holds what the run path needs (the page's build), tests/ what only
# the tests and benchmarks need (playwright-core, axe-core).
vita_npm_ci() {
  local dir=$1
  if [[ ! -f $dir/node_modules/.package-lock.json \
        || $dir/package-lock.json -nt $dir/node_modules/.package-lock.json ]]; then
    echo "npm ci in $dir" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
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
