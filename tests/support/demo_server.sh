# shellcheck shell=bash
# Sourced by the shell integration tests: a real vita-server on a free port,
# seeded with the demo page, its admin token in a file. Bash only.
#
#   source "$source_dir/tests/support/demo_server.sh"
#   start_demo_server "$server_bin" "$source_dir" grpcurl-test
#   grpcurl -plaintext "$address" list      # $work, $token_file, $address
#
# start_demo_server SERVER_BINARY SOURCE_DIR NAME
# Makes $work (a fresh directory under $TEST_TMPDIR or /tmp, named after
# NAME) and $token_file (a random admin token, mode 600), starts the server
# on 127.0.0.1:0 with its database and log in $work, and sets $server_pid
# and $address (HOST:PORT, read from its log). On exit the server is stopped
# and $work removed (an EXIT trap: the caller must not set its own). Exits
# the test with the server's log when it does not start within 10 s.
start_demo_server() {
  local server_bin=$1 source_dir=$2 name=$3
  work=$(mktemp -d "${TEST_TMPDIR:-/tmp}/$name-XXXXXX")
  token_file=$work/admin-token
  head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$token_file"
  chmod 600 "$token_file"
  "$server_bin" --listen 127.0.0.1:0 --db "$work/vita.db" \
    --admin-token-file "$token_file" \
    --seed "$source_dir/deploy/demo/hexu-zhao.json" 2> "$work/server.log" &
  server_pid=$!
  trap 'kill $server_pid 2>/dev/null; wait $server_pid 2>/dev/null || true; rm -rf "$work"' EXIT
  address=
  for _ in $(seq 200); do
    address=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$work/server.log" | sed 's/listening on //' || true)
    [[ -n $address ]] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.05
  done
  [[ -n $address ]] || { cat "$work/server.log"; echo "server did not start"; exit 1; }
}
