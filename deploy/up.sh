#!/usr/bin/env bash
# The run command: installs what is missing, builds, and runs the whole stack
# in the foreground: vita-server on the embedded SQLite database, seeded with
# the demo profile, and the Envoy gateway serving the page. Prints the page's
# URL. Ctrl-C or SIGTERM stops both cleanly. Safe to run again: the database
# and the token are kept, and the demo seed never overwrites edits.
#
# Usage: deploy/up.sh
# Environment (defaults in brackets):
#   VITA_DATA_DIR       [.vita in the checkout]  database and admin token
#   VITA_ADMIN_TOKEN    the admin token; else VITA_DATA_DIR/admin-token,
#                       created (mode 0600) with a random token if missing
#   VITA_GRPC_LISTEN    [127.0.0.1:50051]  vita-server's gRPC address
#   VITA_LISTEN_PORT    [8080]  the page's port (gateway on 127.0.0.1)
#   VITA_DEFAULT_PROFILE [hexu-zhao]  the profile "/" shows
#   VITA_SEED           [deploy/demo/hexu-zhao.json]  loaded if its profile
#                       is missing; set it empty to start without demo data
#   VITA_BUILD_DIR      [build]  the CMake build tree
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
case "${1:-}" in
  -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  "") ;;
  *) echo "usage: $0 (settings come from the environment; see --help)" >&2; exit 2 ;;
esac
say() { echo "vita: $*" >&2; }

build=${VITA_BUILD_DIR:-$repo/build}
[[ $build == /* ]] || build=$repo/$build
export VITA_BUILD_DIR=$build
data=${VITA_DATA_DIR:-$repo/.vita}
grpc_listen=${VITA_GRPC_LISTEN:-127.0.0.1:50051}
seed=${VITA_SEED-$repo/deploy/demo/hexu-zhao.json}

"$repo/deploy/install-deps.sh"
cmake -S "$repo" -B "$build" -G Ninja >/dev/null
cmake --build "$build" -j "$(nproc)" --target vita-server vita_descriptor_set
cmake --build "$build" -j "$(nproc)" --target vita 2>/dev/null || true

mkdir -p "$data"
chmod 700 "$data"
server_args=(--listen "$grpc_listen" --db "$data/vita.db")
if [[ -n ${VITA_ADMIN_TOKEN:-} ]]; then
  token_note="the admin token is the one in VITA_ADMIN_TOKEN"
else
  token_file=$data/admin-token
  if [[ ! -s $token_file ]]; then
    (umask 077 && head -c 32 /dev/urandom | base64 | tr -d '/+=\n' > "$token_file")
  fi
  chmod 600 "$token_file"
  server_args+=(--admin-token-file "$token_file")
  token_note="admin token: $token_file (export VITA_TOKEN=\$(cat $token_file))"
fi
[[ -n $seed ]] && server_args+=(--seed "$seed")

pids=()
# stop [EXIT_CODE]: SIGTERM to every process, wait for them, exit.
stop() {
  trap - INT TERM
  say "stopping"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  exit "${1:-0}"
}
trap 'stop 0' INT TERM

log=$data/server.log
: > "$log"
"$build/server/vita-server" "${server_args[@]}" 2> >(tee -a "$log" >&2) &
pids+=($!)
for _ in $(seq 100); do
  grep -q 'listening on' "$log" && break
  kill -0 "${pids[0]}" 2>/dev/null || { say "vita-server did not start (see above)"; exit 1; }
  sleep 0.1
done
grep -q 'listening on' "$log" || { say "vita-server did not start in 10 s"; stop 1; }

VITA_UPSTREAM=$grpc_listen "$repo/deploy/run-gateway.sh" &
pids+=($!)
port=${VITA_LISTEN_PORT:-8080}
for _ in $(seq 100); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
  kill -0 "${pids[1]}" 2>/dev/null || { say "the gateway did not start (see above)"; stop 1; }
  sleep 0.1
done

say "gRPC: $grpc_listen (try: grpcurl -plaintext $grpc_listen list)"
say "$token_note"
say "database: $data/vita.db"
echo "http://127.0.0.1:$port/"

# If either process ends, stop the other too.
wait -n "${pids[@]}" || true
say "a process of the stack ended; stopping the rest"
stop 1
