#!/usr/bin/env bash
# The run command: installs what is missing, builds, and runs the whole stack
# in the foreground: vita-server on the embedded SQLite database, seeded with
# the demo profile, and the Envoy gateway serving the page. Prints the page's
# URL. Ctrl-C or SIGTERM stops both cleanly (exit status 0); if this script
# is killed outright (SIGKILL), both get SIGTERM from the kernel. Safe to run
# again: the database and the token are kept, and the demo seed never
# overwrites edits.
#
# If vita-server ends (a crash, or someone stopped it), it is started again
# after 1 s (the page and its JSON are still served, writes fail); after 5 quick
# failures in a row the stack stops. If the gateway ends, the stack stops.
#
# Usage: deploy/up.sh
# Environment (defaults in brackets):
#   VITA_DATA_DIR       [.vita in the checkout]  database and admin token
#   VITA_ADMIN_TOKEN    the admin token; else VITA_DATA_DIR/admin-token,
#                       created (mode 0600) with a random token if missing
#   VITA_SERVER         [127.0.0.1:50051]  where vita-server serves gRPC (the
#                       address `vita` connects to); the deprecated name
#                       VITA_GRPC_LISTEN is still read (VITA_SERVER wins)
#   VITA_LISTEN_PORT    [8080]  the page's port (gateway on 127.0.0.1)
#   VITA_ADMIN_PORT     [9901]  Envoy's admin interface (127.0.0.1)
#   VITA_DEFAULT_PROFILE [hexu-zhao]  the profile "/" shows
#   VITA_PUBLIC_URL     the site's public origin (https://example.org) for
#                       the absolute URLs of published pages (read by
#                       vita-server as --public-url)
#   VITA_PUBLISH_DIR    [VITA_DATA_DIR/published]  where vita-server publishes
#                       the pages the gateway serves: a tree derived from the
#                       database and rebuilt at every start, so it may live
#                       on a tmpfs (docs/operations.md, "The published tree")
#   VITA_SEED           [deploy/demo/hexu-zhao.json]  loaded if its profile
#                       is missing; set it empty to start without demo data
#   VITA_BUILD_DIR      [build]  the CMake build tree
#   VITA_JOBS           [number of CPUs]  parallel build jobs
#   VITA_NO_BUILD       [0]  1: skip install-deps.sh and the C++ build, run
#                       the binaries already in VITA_BUILD_DIR; the web root
#                       is still built (with `npm ci` if web/node_modules is
#                       missing or stale) and Envoy installed into the build
#                       tree if missing (deploy/run-gateway.sh)
#   VITA_TLS_CERT, VITA_TLS_KEY  [unset]  PEM certificate chain and key: the
#                       gateway speaks https (HTTP/2 and HTTP/1.1) instead of
#                       http; plain http on loopback when unset (the default).
#                       To serve other hosts, also set VITA_LISTEN_ADDRESS=0.0.0.0
#                       (docs/security.md); vita-server stays on loopback.
# The gateway's other settings (docs/gateway.md) are passed through: the
# limits VITA_MAX_BODY_BYTES, VITA_MAX_IMPORT_BYTES, VITA_WRITES_PER_MINUTE,
# VITA_TOKEN_CALLS_PER_MINUTE among them.
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
repo=$VITA_REPO
vita_operands 0 "(settings come from the environment; see --help)" "$@"
say() { echo "vita: $*" >&2; }

build=$(vita_build_dir)
export VITA_BUILD_DIR=$build
data=${VITA_DATA_DIR:-$repo/.vita}
server=$(vita_server_address VITA_GRPC_LISTEN)
port=${VITA_LISTEN_PORT:-$DEFAULT_LISTEN_PORT}
admin_port=${VITA_ADMIN_PORT:-$DEFAULT_ADMIN_PORT}
seed=${VITA_SEED-$DEMO_SEED}

# True if something accepts TCP connections on HOST PORT.
listening() {
  local host=${1#[}
  host=${host%]}
  case $host in ""|0.0.0.0) host=127.0.0.1 ;; ::) host=::1 ;; esac
  (exec 3<>"/dev/tcp/$host/$2") 2>/dev/null
}
# Fails early, naming the port, rather than halfway through the start.
check_free() {
  if listening "$2" "$3"; then
    say "$1 port $3 is in use already (another deploy/up.sh?); stop what listens there or set $4"
    exit 1
  fi
}
check_free "vita-server's gRPC" "${server%:*}" "${server##*:}" VITA_SERVER
check_free "the page's" 127.0.0.1 "$port" VITA_LISTEN_PORT
check_free "Envoy's admin" 127.0.0.1 "$admin_port" VITA_ADMIN_PORT

if [[ ${VITA_NO_BUILD:-0} != 1 ]]; then
  jobs=${VITA_JOBS:-$(nproc)}
  "$repo/deploy/install-deps.sh"
  vita_build_run_targets "$build" "$jobs"
fi
[[ -x $build/server/vita-server ]] || { say "no $build/server/vita-server (build it, or unset VITA_NO_BUILD)"; exit 1; }

mkdir -p "$data"
chmod 700 "$data"
server_args=(--listen "$server" --db "$data/vita.db")
if [[ -n ${VITA_ADMIN_TOKEN:-} ]]; then
  token_note="the admin token is the one in VITA_ADMIN_TOKEN"
else
  token_file=$data/admin-token
  if [[ ! -s $token_file ]]; then
    (umask 077 && head -c 32 /dev/urandom | base64 | tr -d '/+=\n' > "$token_file")
  fi
  chmod 600 "$token_file"
  server_args+=(--admin-token-file "$token_file")
  token_note="admin token: $token_file (export VITA_TOKEN=\$(cat $(printf %q "$token_file")))"
fi
[[ -n $seed ]] && server_args+=(--seed "$seed")
# Publish on write: vita-server writes each profile's page JSON and HTML
# document into VITA_PUBLISH_DIR (from the web root's index.html), and the
# gateway serves them as files, also while vita-server is down.
# (As run-gateway.sh: the build tree's web root is rebuilt, a given one only
# when it has no index.html.)
if [[ -z ${VITA_WEB_ROOT:-} || ! -f ${VITA_WEB_ROOT:-}/index.html ]]; then
  export VITA_WEB_ROOT=${VITA_WEB_ROOT:-$build/web-root}
  "$repo/web/build-web-root.sh" "$VITA_WEB_ROOT"
fi
export VITA_PUBLISH_DIR=${VITA_PUBLISH_DIR:-$data/published}
server_args+=(--publish-dir "$VITA_PUBLISH_DIR" --web-root "$VITA_WEB_ROOT")
# The gateway serves published files from memory, finding each in the
# index vita-server rewrites in the publish dir after each write, before it
# acknowledges the write: a read right after it shows it
# (deploy/published_files.lua).

server_pid='' gateway_pid='' sleep_pid=''
# stop [EXIT_CODE]: SIGTERM to every process, wait for them, exit.
stop() {
  trap - INT TERM
  say "stopping"
  local p live=()
  for p in $server_pid $gateway_pid $sleep_pid; do
    kill -TERM "$p" 2>/dev/null && live+=("$p")
  done
  (( ${#live[@]} )) && { wait "${live[@]}" 2>/dev/null || true; }
  say "stopped"
  exit "${1:-0}"
}
trap 'stop 0' INT TERM

log=$data/server.log
# Starts vita-server and waits until it listens; fails if it ends first.
# One still starting after 10 s (republishing a large publish dir) is left
# to go on.
start_server() {
  : > "$log"
  # setsid: a Ctrl-C in the terminal reaches only this script, which then
  # stops both processes once and gracefully (tee ignores it). setpriv
  # --pdeathsig: if this script is killed outright (SIGKILL), the kernel
  # sends vita-server SIGTERM, so it does not live on holding the database.
  setsid setpriv --pdeathsig TERM "$build/server/vita-server" "${server_args[@]}" \
    2> >(trap '' INT && exec tee -a "$log" >&2) &
  server_pid=$!
  server_started=$SECONDS
  local _
  for _ in $(seq 100); do
    grep -q 'listening on' "$log" && return 0
    kill -0 "$server_pid" 2>/dev/null || return 1
    sleep 0.1
  done
  kill -0 "$server_pid" 2>/dev/null || return 1
  say "vita-server is still starting after 10 s (see $log)"
}
start_server || { say "vita-server did not start (see above)"; stop 1; }

# The gateway does not need the admin token: writes carry it in a header.
# It proxies to VITA_SERVER; a VITA_UPSTREAM of the caller would only be noted
# as deprecated and ignored.
# The same session and parent-death signal as vita-server's (start_server).
setsid setpriv --pdeathsig TERM env -u VITA_ADMIN_TOKEN -u VITA_UPSTREAM VITA_SERVER="$server" "$repo/deploy/run-gateway.sh" &
gateway_pid=$!
# With VITA_TLS_CERT the gateway speaks https only. The probe below does
# not check the certificate: it is made for the public name, not 127.0.0.1.
scheme=$(vita_gateway_scheme)
ready=0
for _ in $(seq 300); do
  # Our gateway, not whatever else might answer on the port.
  if curl -fsS --insecure --max-time 2 -o /dev/null "$scheme://127.0.0.1:$port/vita-config.json" 2>/dev/null; then
    ready=1
    break
  fi
  kill -0 "$gateway_pid" 2>/dev/null || { say "the gateway did not start (see above)"; stop 1; }
  sleep 0.1
done
(( ready )) || { say "the gateway did not answer on port $port in 30 s"; stop 1; }

say "gRPC: $server (try: grpcurl -plaintext $server list)"
say "$token_note"
say "database: $data/vita.db"
echo "$scheme://127.0.0.1:$port/"

# Keeps vita-server running; stops everything when the gateway ends.
failures=0
start_failed=0
while :; do
  ended=
  status=0
  if (( start_failed )); then
    # It ended while starting: an end like any other (counted below).
    start_failed=0
    wait "$server_pid" 2>/dev/null || status=$?
    ended=$server_pid
  else
    wait -n -p ended "$server_pid" "$gateway_pid" || status=$?
  fi
  if [[ $ended == "$gateway_pid" ]]; then
    gateway_pid=
    say "the gateway ended (exit status $status); stopping"
    stop 1
  fi
  [[ $ended == "$server_pid" ]] || continue
  server_pid=
  if (( SECONDS - server_started < 10 )); then
    failures=$((failures + 1))
  else
    failures=0
  fi
  if (( failures >= 5 )); then
    say "vita-server ended (exit status $status), the 5th time in a row within 10 s of its start; stopping"
    stop 1
  fi
  delay=$((1 << (failures > 0 ? failures - 1 : 0)))
  say "vita-server ended (exit status $status); starting it again in $delay s (the published pages are still served meanwhile)"
  sleep "$delay" &
  sleep_pid=$!
  wait "$sleep_pid" || true
  sleep_pid=
  if start_server; then
    say "vita-server is back"
  else
    say "vita-server did not start (see above)"
    start_failed=1
  fi
done
