#!/usr/bin/env bash
# Writes alone, to compare builds of vita-server side by side: a vita-server
# on a fresh database (publishing into a fresh directory, unless
# --no-publish), the demo copied to profiles/bench-writes, then N
# CreateNewsItem calls at C callers, from ghz or from bench/write_load.cc
# (the page grows by N news items), and the bare SQLite commit loop of
# bench/run.sh in the same window. Prints one line of JSON:
#
#   {"build":…,"client":"ghz","publish":true,"writes":500,"callers":8,"writes_per_s":…,
#    "server_cpu_us_per_write":…,"client_cpu_us_per_write":…,
#    "sqlite_commits_per_s":…,"ratio":…,"p50_ms":…,"p99_ms":…,"slowest_ms":…}
#
# (ratio: writes_per_s / sqlite_commits_per_s, the writes row's measure, whose
# target is >= 0.5; client_cpu_us_per_write: the client's own CPU, on the same
# cores; both CPU figures are counted in clock ticks of 10 ms, so a short run
# rounds them; p50_ms, p99_ms, slowest_ms: a write's latency as the client
# measured it. The bare commits share the disk and the cores with whatever
# else runs: on a busy machine their rate, and so the ratio, mean little.)
#
# bench/run.sh reports the writes row with everything else; this script is
# for A/B runs between two builds (alternate them: the machine moves more
# than most changes between runs).
#
# Usage: bench/writes.sh [--writes N] [--callers C] [--client ghz|write_load] [--no-publish] [--publish-parent DIR] [--build DIR] [--port PORT]
#   --writes      CreateNewsItem calls, and bare commits [500]
#   --callers     concurrent callers (the client's calls in flight) [8]
#   --client      ghz, or write_load: bench/write_load.cc, which builds
#                 its requests before the clock starts and spends about a
#                 quarter of ghz's CPU per write [ghz]
#   --no-publish  vita-server without --publish-dir
#   --publish-parent  where the fresh publish directory is made (to compare
#                 file systems, e.g. /dev/shm) [beside the database]
#   --build       the build tree whose vita-server runs [the default build]
#   --port        vita-server's port [23061]
# Needs ghz in the default build's tools/bin (bench/run.sh installs it) and,
# for --client write_load, the default build's bench/write_load (bench/run.sh
# and tests/run.sh build it).
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/lib.sh"
# shellcheck source=bench/cpu.sh
source "$(dirname "${BASH_SOURCE[0]}")/cpu.sh"
repo=$VITA_REPO
say() { echo "bench/writes: $*" >&2; }
die() { say "$*"; exit 1; }
usage() { vita_usage "[--writes N] [--callers C] [--client ghz|write_load] [--no-publish] [--publish-parent DIR] [--build DIR] [--port PORT]"; }

writes=500 callers=8 client=ghz publish=true port=23061 publish_parent=
build=$(vita_build_dir)
tools=$build
while (( $# > 0 )); do
  case $1 in
    -h|--help) vita_help; exit 0 ;;
    --writes) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || usage; writes=$2; shift 2 ;;
    --callers) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || usage; callers=$2; shift 2 ;;
    --client) [[ ${2:-} == ghz || ${2:-} == write_load ]] || usage; client=$2; shift 2 ;;
    --no-publish) publish=false; shift ;;
    --publish-parent) [[ -d ${2:-} ]] || usage; publish_parent=$(cd "$2" && pwd); shift 2 ;;
    --build) [[ -n ${2:-} ]] || usage; build=$(cd "$2" && pwd); shift 2 ;;
    --port) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || usage; port=$2; shift 2 ;;
    *) usage ;;
  esac
done
ghz=$tools/tools/bin/ghz
sqlite_commits=$tools/bench/sqlite_commits
server=$build/server/vita-server
vita=$tools/cli/vita
write_load=$tools/bench/write_load
needed=("$ghz" "$sqlite_commits" "$server" "$vita")
[[ $client == write_load ]] && needed+=("$write_load")
for tool in "${needed[@]}"; do
  [[ -x $tool ]] || die "no $tool (build the tree; bench/run.sh installs ghz)"
done
[[ -f $tools/web-root/index.html ]] || die "no $tools/web-root (deploy/up.sh or tests/run.sh builds it)"

work=$(mktemp -d)
published=$work/published
[[ -n $publish_parent ]] && published=$(mktemp -d -p "$publish_parent")/published
server_pid=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
  [[ -z $publish_parent ]] || rm -rf "$(dirname "$published")"
}
trap cleanup EXIT
token=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
args=(--listen "127.0.0.1:$port" --db "$work/vita.db")
if [[ $publish == true ]]; then
  args+=(--publish-dir "$published" --web-root "$tools/web-root")
fi
VITA_ADMIN_TOKEN=$token "$server" "${args[@]}" 2> "$work/server.log" &
server_pid=$!
for _ in $(seq 100); do
  "$ghz" --insecure --total 1 --call grpc.health.v1.Health/Check -d '{}' \
    "127.0.0.1:$port" > /dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || die "vita-server ended: $(cat "$work/server.log")"
  sleep 0.1
done
jq '.profile.name = "profiles/bench-writes"
  | (.news[], .publications[]).name |= sub("^profiles/hexu-zhao/"; "profiles/bench-writes/")' \
  "$repo/deploy/demo/hexu-zhao.json" > "$work/writes.json"
VITA_SERVER=127.0.0.1:$port VITA_TOKEN=$token "$vita" import "$work/writes.json" > "$work/import.log" 2>&1 \
  || die "vita import failed: $(cat "$work/import.log" "$work/server.log")"

before=$(ticks "$server_pid")
child_ticks
client_before=$c_ticks
# The client's figures, as one object in load.json: {ok, per_second, p50_ms,
# p99_ms, slowest_ms} (write_load prints it; ghz's report is turned into it
# below, once every write is known to have succeeded).
if [[ $client == ghz ]]; then
  "$ghz" --insecure --concurrency "$callers" --total "$writes" --format json \
    --call vita.v1.ProfileService/CreateNewsItem \
    -d '{"parent":"profiles/bench-writes","news_item":{"date":{"year":2025,"month":1},"text":"bench write {{.RequestNumber}}"}}' \
    --metadata "{\"authorization\":\"Bearer $token\"}" "127.0.0.1:$port" > "$work/ghz.json" \
    || die "ghz failed"
else
  VITA_TOKEN=$token "$write_load" "127.0.0.1:$port" profiles/bench-writes "$writes" "$callers" \
    > "$work/load.json" 2> "$work/write_load.log" \
    || die "bench/write_load failed: $(cat "$work/write_load.log")"
fi
child_ticks
client_ticks=$(( c_ticks - client_before ))
after=$(ticks "$server_pid")
if [[ $client == ghz ]]; then  # after the clock: jq's CPU is not ghz's
  ok=$(jq '.statusCodeDistribution.OK // 0' "$work/ghz.json")
  (( ok == writes )) || die "$ok of $writes writes succeeded: $(jq -c .errorDistribution "$work/ghz.json")"
  jq -c '{ ok: .statusCodeDistribution.OK, per_second: .rps,
      p50_ms: ([.latencyDistribution[] | select(.percentage == 50) | .latency][0] / 1e6),
      p99_ms: ([.latencyDistribution[] | select(.percentage == 99) | .latency][0] / 1e6),
      slowest_ms: (.slowest / 1e6) }' "$work/ghz.json" > "$work/load.json"
fi
"$sqlite_commits" "$work/sqlite.db" "$writes" "$callers" > "$work/sqlite.json"
jq -n --arg build "$build" --arg client_name "$client" --argjson publish "$publish" --argjson n "$writes" \
  --argjson c "$callers" --argjson ticks "$((after - before))" --argjson client "$client_ticks" \
  --argjson hz "$(getconf CLK_TCK)" --slurpfile g "$work/load.json" \
  --slurpfile s "$work/sqlite.json" -c '
  { build: $build, client: $client_name, publish: $publish, writes: $n, callers: $c,
    writes_per_s: ($g[0].per_second | floor),
    server_cpu_us_per_write: ($ticks * 1000000 / $hz / $n | floor),
    client_cpu_us_per_write: ($client * 1000000 / $hz / $n | floor),
    sqlite_commits_per_s: ($s[0].per_second | floor),
    ratio: (($g[0].per_second / $s[0].per_second) * 1000 | round / 1000),
    p50_ms: ($g[0].p50_ms * 100 | round / 100),
    p99_ms: ($g[0].p99_ms * 100 | round / 100),
    slowest_ms: ($g[0].slowest_ms * 100 | round / 100) }'
