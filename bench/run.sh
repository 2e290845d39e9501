#!/usr/bin/env bash
# Measures the hot path, GetPage, against a bare gRPC call on the same server
# in the same run, and reports ratios (never absolute limits: those depend on
# the machine). The baseline is grpc.health.v1.Health/Check, the cheapest
# call the server answers: what any gRPC call costs here.
#
# Usage: bench/run.sh [--total N] [--concurrency C]
#   --total        calls per measurement [20000]
#   --concurrency  concurrent callers [8]
# Environment: VITA_BUILD_DIR [build]
# Needs: a built vita-server, ghz (installed here with `go install` at a
# pinned version into the build tree), jq.
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/lib.sh"
total=20000 concurrency=8
while (( $# )); do
  case $1 in
    --total) total=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    *) vita_other_arg "$1" "[--total N] [--concurrency C]" ;;
  esac
done
build=$(vita_build_dir)
readonly GHZ_VERSION=v0.120.0
ghz=$build/tools/bin/ghz
if [[ ! -x $ghz ]]; then
  echo "bench: go install ghz@$GHZ_VERSION" >&2
  PATH=$PATH:/usr/local/go/bin GOBIN=$build/tools/bin \
    go install "github.com/bojand/ghz/cmd/ghz@$GHZ_VERSION"
fi
cmake --build "$build" --target vita-server >/dev/null

work=$(mktemp -d)
trap 'kill $server_pid 2>/dev/null; wait $server_pid 2>/dev/null; rm -rf "$work"' EXIT

# A large page as well as the demo: 100 news items and 300 publications,
# made from the demo's own records with jq.
jq '.news = [range(100) as $i | .news[0] | .name = "profiles/hexu-zhao/news/n\($i)"]
  | .publications = [range(300) as $i | .publications[$i % 4]
      | .name = "profiles/hexu-zhao/publications/p\($i)" | .displayOrder = $i]
  | .profile.name = "profiles/large"
  | .news[].name |= sub("hexu-zhao"; "large")
  | .publications[].name |= sub("hexu-zhao"; "large")' \
  "$DEMO_SEED" > "$work/large.json"

start_server() {  # start_server SEED...: first seed via --seed, the rest too
  "$build/server/vita-server" --listen 127.0.0.1:0 --db "$work/vita.db" \
    --seed "$1" 2> "$work/server.log" &
  server_pid=$!
  for _ in $(seq 100); do
    address=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$work/server.log" | sed 's/listening on //' || true)
    [[ -n $address ]] && return
    sleep 0.1
  done
  cat "$work/server.log" >&2; exit 1
}
# Seed the large profile first, then restart with the demo seed.
start_server "$work/large.json"; kill $server_pid; wait $server_pid || true
start_server "$DEMO_SEED"

# CPU time (user + system, in clock ticks) the server has used so far. The
# client shares the machine, so throughput alone mixes in the client's cost
# (ghz decodes every response); the server's own CPU per call does not.
server_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }

measure() {  # measure NAME METHOD DATA
  local before after
  before=$(server_ticks)
  "$ghz" --insecure --total "$total" --concurrency "$concurrency" \
    --call "$2" -d "$3" --format json "$address" > "$work/$1.json" 2>/dev/null
  after=$(server_ticks)
  jq -r --arg name "$1" --argjson cpu_us "$(( (after - before) * 1000000 / $(getconf CLK_TCK) / total ))" \
    '"\($name)\t\(.rps|floor)\t\(.latencyDistribution[] | select(.percentage==50) | .latency / 1000 | floor)\t\(.latencyDistribution[] | select(.percentage==99) | .latency / 1000 | floor)\t\($cpu_us)\t\(.statusCodeDistribution.OK // 0)"' "$work/$1.json"
}

echo "calls: $total, concurrency: $concurrency, cores: $(nproc)"
printf 'measurement\trps\tp50_us\tp99_us\tserver_cpu_us_per_call\tok\n'
# A warm-up pass that is not reported.
"$ghz" --insecure --total 1000 --call grpc.health.v1.Health/Check -d '{}' "$address" >/dev/null 2>&1
base=$(measure baseline grpc.health.v1.Health/Check '{}'); echo "$base"
demo=$(measure getpage_demo vita.v1.ProfileService/GetPage '{"name":"profiles/hexu-zhao"}'); echo "$demo"
large=$(measure getpage_large vita.v1.ProfileService/GetPage '{"name":"profiles/large"}'); echo "$large"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
base_rps=$(cut -f2 <<< "$base") base_cpu=$(cut -f5 <<< "$base")
for row in "$demo" "$large"; do
  name=$(cut -f1 <<< "$row")
  echo "$name: throughput $(ratio "$(cut -f2 <<< "$row")" "$base_rps")x baseline, server CPU per call $(ratio "$(cut -f5 <<< "$row")" "$base_cpu")x baseline"
done
