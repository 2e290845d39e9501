#!/usr/bin/env bash
# grpcurl against a real vita-server seeded with the demo page: the README's
# grpcurl examples run as written (address and token file substituted), and
# their results are checked.
# Usage: grpcurl_test.sh VITA_SERVER GRPCURL SOURCE_DIR
set -euo pipefail

server_bin=$1 grpcurl=$2 source_dir=$3
[[ -x $grpcurl ]] || { echo "grpcurl not found (run tests/install-deps.sh)"; exit 1; }
command -v jq >/dev/null || { echo "jq not found (run tests/install-deps.sh)"; exit 1; }

work=$(mktemp -d "${TEST_TMPDIR:-/tmp}/grpcurl-test-XXXXXX")
token_file=$work/admin-token
head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$token_file"
chmod 600 "$token_file"
"$server_bin" --listen 127.0.0.1:0 --db "$work/vita.db" \
  --admin-token-file "$token_file" \
  --seed "$source_dir/deploy/demo/hexu-zhao.json" 2> "$work/server.log" &
server_pid=$!
trap 'kill $server_pid 2>/dev/null; wait $server_pid 2>/dev/null || true' EXIT
for _ in $(seq 200); do
  address=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$work/server.log" | sed 's/listening on //' || true)
  [[ -n $address ]] && break
  sleep 0.05
done
[[ -n ${address:-} ]] || { cat "$work/server.log"; echo "server did not start"; exit 1; }

passed=0 failed=0
check() {  # check NAME COMMAND...: the command must succeed
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $name"
  else failed=$((failed + 1)); echo "FAIL $name"; fi
}

# 1. Every grpcurl example of the README runs as written, on this server.
examples=$(sed -n '/<!-- grpcurl-examples:begin -->/,/<!-- grpcurl-examples:end -->/p' \
  "$source_dir/README.md" | grep '^grpcurl ' || true)
[[ -n $examples ]] || { echo "FAIL no grpcurl examples found in README.md"; exit 1; }
n=0
while IFS= read -r example; do
  n=$((n + 1))
  command=${example//127.0.0.1:50051/$address}
  command=${command//.vita\/admin-token/$token_file}
  command=${command/#grpcurl /$grpcurl }
  check "README example $n: ${example:0:70}" bash -c "$command > $work/example-$n.out"
done <<< "$examples"

g() { "$grpcurl" -plaintext "$@"; }
page() { g -d '{"name":"profiles/hexu-zhao"}' "$address" vita.v1.ProfileService/GetPage; }
demo=$source_dir/deploy/demo/hexu-zhao.json

# 2. What the examples promise.
g "$address" list > "$work/list.out"
check "list shows vita.v1.ProfileService" grep -qx 'vita.v1.ProfileService' "$work/list.out"
check "list shows grpc.health.v1.Health" grep -qx 'grpc.health.v1.Health' "$work/list.out"
check "describe ProfileService shows GetPage" \
  bash -c "'$grpcurl' -plaintext '$address' describe vita.v1.ProfileService | grep -q 'rpc GetPage'"
check "describe grpc.health.v1.Health works" \
  bash -c "'$grpcurl' -plaintext '$address' describe grpc.health.v1.Health | grep -q 'rpc Check'"
check "health check says SERVING" \
  bash -c "'$grpcurl' -plaintext -d '{\"service\":\"\"}' '$address' grpc.health.v1.Health/Check | grep -q SERVING"
page > "$work/page.json"
want=$(jq '.publications | length' "$demo")
check "GetPage returns the demo's $want publications" \
  test "$(jq '.publications | length' "$work/page.json")" = "$want"
check "demo has four publications" test "$want" = 4
check "GetPage titles equal the demo's, in order" \
  test "$(jq -c '[.publications[].title]' "$work/page.json")" = "$(jq -c '[.publications[].title]' "$demo")"
check "GetPage display name" \
  test "$(jq -r '.profile.display_name' "$work/page.json")" = "$(jq -r '.profile.displayName // .profile.display_name' "$demo")"

# 3. Writes need the token.
news='{"parent":"profiles/hexu-zhao","news_item":{"date":{"year":2025,"month":1},"text":"via grpcurl"}}'
if g -d "$news" "$address" vita.v1.ProfileService/CreateNewsItem > "$work/noauth.out" 2>&1; then
  check "CreateNewsItem without token fails" false
else
  check "CreateNewsItem without token fails with Unauthenticated" grep -q 'Unauthenticated' "$work/noauth.out"
fi
news_before=$(page | jq '.news | length')
check "CreateNewsItem with the token succeeds" bash -c \
  "'$grpcurl' -plaintext -H \"authorization: Bearer \$(cat '$token_file')\" -d '$news' '$address' vita.v1.ProfileService/CreateNewsItem > '$work/auth.out'"
check "the new item is on the page" test "$(page | jq '.news | length')" = $((news_before + 1))

# 4. A javascript: link is refused, naming the field.
bad='{"profile":{"name":"profiles/hexu-zhao","links":[{"kind":"OTHER","url":"javascript:alert(1)"}]},"update_mask":{"paths":["links"]}}'
if g -H "authorization: Bearer $(cat "$token_file")" -d "$bad" "$address" \
    vita.v1.ProfileService/UpdateProfile > "$work/bad.out" 2>&1; then
  check "javascript: link refused" false
else
  check "javascript: link refused with InvalidArgument" grep -q 'InvalidArgument' "$work/bad.out"
  check "the error names profile.links[0].url" grep -q 'profile.links\[0\].url' "$work/bad.out"
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
