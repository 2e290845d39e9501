#!/usr/bin/env bash
# bench/write_load against a real vita-server seeded with the demo page: every
# write it reports is on the page afterwards, with the text it sent; a call
# the server refuses makes it fail, naming the error; bad arguments get the
# usage line and exit 2, --help gets it and exit 0.
# Usage: write_load_integration_test.sh VITA_SERVER_BINARY WRITE_LOAD GRPCURL SOURCE_DIR
set -euo pipefail

server_bin=$1 write_load=$2 grpcurl=$3 source_dir=$4
[[ -x $grpcurl ]] || { echo "grpcurl not found (run deploy/install-deps.sh --for-tests)"; exit 1; }
command -v jq >/dev/null || { echo "jq not found (run deploy/install-deps.sh --for-tests)"; exit 1; }

# shellcheck source=tests/support/demo_server.sh
source "$source_dir/tests/support/demo_server.sh"
start_demo_server "$server_bin" "$source_dir" write-load-test
token=$(cat "$token_file")

failed=0
ok() { echo "ok   $1"; }
fail() { echo "FAIL $1"; failed=1; }
news_texts() {  # the page's news texts, one per line
  "$grpcurl" -plaintext -d '{"name":"profiles/hexu-zhao"}' "$address" vita.v1.ProfileService/GetPage \
    | jq -r '.news[]?.text'
}
before=$(news_texts | wc -l)

# 1. 30 writes at 4 callers: the report counts 30, and the page holds them.
if VITA_TOKEN=$token "$write_load" "$address" profiles/hexu-zhao 30 4 > "$work/out.json" 2> "$work/err"; then
  ok "30 writes at 4 callers exit 0"
else
  fail "30 writes at 4 callers exit 0 (stderr: $(cat "$work/err"))"
fi
if jq -e '.writes == 30 and .callers == 4 and .ok == 30 and .per_second > 0
    and .p50_ms > 0 and .p99_ms >= .p50_ms and .slowest_ms >= .p99_ms
    and .client_cpu_us_per_write > 0' "$work/out.json" > /dev/null; then
  ok "the report counts 30 writes and orders its latencies"
else
  fail "the report counts 30 writes and orders its latencies: $(cat "$work/out.json")"
fi
expected=$(seq 30 | sed 's/^/bench write /' | sort)
got=$(news_texts | grep '^bench write ' | sort || true)
if [[ $got == "$expected" && $(news_texts | wc -l) -eq $((before + 30)) ]]; then
  ok "the page holds each write once, with the text it sent"
else
  fail "the page holds each write once, with the text it sent (got $(grep -c . <<< "$got" || true) bench writes)"
fi

# 2. Calls the server refuses (no token): exit 1, the error named, nothing counted.
if env -u VITA_TOKEN "$write_load" "$address" profiles/hexu-zhao 5 2 > "$work/out.json" 2> "$work/err"; then
  fail "writes without a token fail"
elif [[ $(jq -c '[.ok, .p50_ms]' "$work/out.json") == '[0,null]' ]] && grep -q 'write_load: 5 of 5 writes failed; first: 16 ' "$work/err"; then
  ok "writes without a token fail, naming UNAUTHENTICATED (16), with no latency"
else
  fail "writes without a token fail, naming UNAUTHENTICATED (16), with no latency: $(cat "$work/out.json" "$work/err")"
fi

# 3. Bad arguments: the usage line, exit 2.
for args in "" "$address profiles/hexu-zhao 0 4" "$address profiles/hexu-zhao 10 x" \
    "$address profiles/hexu-zhao 99999999999999999999 8" "$address profiles/hexu-zhao 10 1001"; do
  rc=0
  # shellcheck disable=SC2086  # the arguments are split on purpose
  "$write_load" $args > /dev/null 2> "$work/err" || rc=$?
  if [[ $rc == 2 ]] && grep -q '^usage: write_load ADDRESS PARENT WRITES CALLERS' "$work/err"; then
    ok "arguments '$args': usage, exit 2"
  else
    fail "arguments '$args': usage, exit 2 (exit $rc: $(cat "$work/err"))"
  fi
done
if "$write_load" --help > "$work/out" 2> "$work/err" && grep -q '^usage: write_load ADDRESS PARENT WRITES CALLERS' "$work/out" \
    && [[ ! -s $work/err ]]; then
  ok "--help: usage on stdout, exit 0"
else
  fail "--help: usage on stdout, exit 0 ($(cat "$work/out" "$work/err"))"
fi
exit "$failed"
