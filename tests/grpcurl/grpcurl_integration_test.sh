#!/usr/bin/env bash
# grpcurl against a real vita-server seeded with the demo page: the README's
# grpcurl examples run as written (address and token file substituted), and
# their results are checked.
# Usage: grpcurl_integration_test.sh VITA_SERVER_BINARY GRPCURL SOURCE_DIR
set -euo pipefail

server_bin=$1 grpcurl=$2 source_dir=$3
[[ -x $grpcurl ]] || { echo "grpcurl not found (run deploy/install-deps.sh --for-tests)"; exit 1; }
command -v jq >/dev/null || { echo "jq not found (run deploy/install-deps.sh --for-tests)"; exit 1; }

# shellcheck source=tests/support/demo_server.sh
source "$source_dir/tests/support/demo_server.sh"
start_demo_server "$server_bin" "$source_dir" grpcurl-test

passed=0 failed=0
check() {  # check NAME COMMAND...: the command must succeed
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $name"
  else failed=$((failed + 1)); echo "FAIL $name"; fi
}
# jq_is NAME FILE FILTER EXPECTED: `jq -c FILTER FILE` prints exactly EXPECTED.
jq_is() {
  local got
  got=$(jq -c "$3" "$2" 2>&1) || got="(jq failed: $got)"
  if [[ $got == "$4" ]]; then check "$1" true
  else echo "     want: $4"; echo "     got:  $got"; check "$1" false; fi
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

# What the README's examples print. example_out PATTERN: the output of the
# one example whose command matches PATTERN.
example_out() {
  local i=0 line
  while IFS= read -r line; do
    i=$((i + 1))
    if [[ $line == *"$1"* ]]; then cat "$work/example-$i.out"; return; fi
  done <<< "$examples"
  echo "no README example matches $1" >&2
}
example_out 'grpc.health.v1.Health/Check' > "$work/ex-health.json"
jq_is "README health check example prints SERVING" "$work/ex-health.json" '.status' '"SERVING"'
example_out 'ProfileService/GetPage' > "$work/ex-page.json"
jq_is "README GetPage example prints the demo page" "$work/ex-page.json" \
  '[.profile.name, .profile.display_name, (.publications | length)]' '["profiles/hexu-zhao","Hexu Zhao",4]'
example_out 'ProfileService/ListPublications' > "$work/ex-list.json"
jq_is "README ListPublications example prints 2 publications and a next page token" "$work/ex-list.json" \
  '[[.publications[].title], (.next_page_token | type)]' \
  '[["On Scaling Up 3D Gaussian Splatting Training","On Optimizing the Communication of Model Parallelism"],"string"]'
example_out 'ProfileService/CreateNewsItem' > "$work/ex-news.json"
jq_is "README CreateNewsItem example prints the new item" "$work/ex-news.json" \
  '[(.name | startswith("profiles/hexu-zhao/news/")), .text, .date]' \
  '[true,"Hello from grpcurl",{"year":2025,"month":1}]'

g() { "$grpcurl" -plaintext "$@"; }
page() { g -d '{"name":"profiles/hexu-zhao"}' "$address" vita.v1.ProfileService/GetPage; }
demo=$source_dir/deploy/demo/hexu-zhao.json

# 2. What the examples promise.
g "$address" list > "$work/list.out"
check "list shows vita.v1.ProfileService" grep -qx 'vita.v1.ProfileService' "$work/list.out"
check "list shows grpc.health.v1.Health" grep -qx 'grpc.health.v1.Health' "$work/list.out"
g "$address" describe vita.v1.ProfileService > "$work/describe-service.out"
check "describe ProfileService shows GetPage" \
  grep -Eq '^  rpc GetPage \( \.vita\.v1\.GetPageRequest \) returns \( \.vita\.v1\.Page \)' "$work/describe-service.out"
g "$address" describe grpc.health.v1.Health > "$work/describe-health.out"
check "describe grpc.health.v1.Health shows Check" grep -Eq '^  rpc Check \(' "$work/describe-health.out"
g -d '{"service":""}' "$address" grpc.health.v1.Health/Check > "$work/health.json"
jq_is "health check of the server says SERVING" "$work/health.json" '.' '{"status":"SERVING"}'
page > "$work/page.json"
jq_is "GetPage returns the demo's 4 publications" "$work/page.json" '.publications | length' 4
check "GetPage titles equal the demo's, in order" \
  test "$(jq -c '[.publications[].title]' "$work/page.json")" = "$(jq -c '[.publications[].title]' "$demo")"
jq_is "GetPage display name" "$work/page.json" '.profile.display_name' '"Hexu Zhao"'

# 3. Writes need the token.
news='{"parent":"profiles/hexu-zhao","news_item":{"date":{"year":2025,"month":1},"text":"via grpcurl"}}'
if g -d "$news" "$address" vita.v1.ProfileService/CreateNewsItem > "$work/noauth.out" 2>&1; then
  check "CreateNewsItem without token fails" false
else
  check "CreateNewsItem without token fails with Unauthenticated" grep -q '^  Code: Unauthenticated$' "$work/noauth.out"
fi
page > "$work/page-noauth.json"
jq_is "the refused item is not on the page" "$work/page-noauth.json" '[.news[] | select(.text == "via grpcurl")] | length' 0
news_before=$(jq '.news | length' "$work/page-noauth.json")
check "CreateNewsItem with the token succeeds" bash -c \
  "'$grpcurl' -plaintext -H \"authorization: Bearer \$(cat '$token_file')\" -d '$news' '$address' vita.v1.ProfileService/CreateNewsItem > '$work/auth.out'"
page > "$work/page-auth.json"
jq_is "the new item is on the page, once" "$work/page-auth.json" '[.news[] | select(.text == "via grpcurl")] | length' 1
jq_is "the page has one more news item" "$work/page-auth.json" '.news | length' "$((news_before + 1))"

# 4. A javascript: link is refused, naming the field, and changes nothing.
links_before=$(jq -c '.profile.links' "$work/page-auth.json")
bad='{"profile":{"name":"profiles/hexu-zhao","links":[{"kind":"OTHER","url":"javascript:alert(1)"}]},"update_mask":{"paths":["links"]}}'
if g -H "authorization: Bearer $(cat "$token_file")" -d "$bad" "$address" \
    vita.v1.ProfileService/UpdateProfile > "$work/bad.out" 2>&1; then
  check "javascript: link refused" false
else
  check "javascript: link refused with InvalidArgument" grep -q '^  Code: InvalidArgument$' "$work/bad.out"
  check "the error names profile.links[0].url" grep -q '^  Message: profile\.links\[0\]\.url: ' "$work/bad.out"
fi
page > "$work/page-bad.json"
jq_is "the links are unchanged" "$work/page-bad.json" '.profile.links' "$links_before"
check "the page still has links" test "$(jq '.profile.links | length' "$work/page-bad.json")" -gt 0

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
