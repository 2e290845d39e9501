#!/usr/bin/env bash
# The run path (deploy/up.sh) needs no test-only package, and every package
# its build uses is one deploy/install-deps.sh installs for running.
#
#  1. A plain configure with GoogleTest invisible to CMake builds no tests and
#     says in one line how to get them; VITA_BUILD_TESTS=ON then fails with
#     that line.
#  2. A fresh build tree configured and built exactly as deploy/up.sh does it
#     (vita_build_run_targets in deploy/lib.sh), with GoogleTest invisible,
#     builds vita-server, vita and the descriptor set.
#  3. The page's npm packages (web/package.json, which the run path installs)
#     are only what the page's build uses: each is imported by web/build.mjs
#     or web/src; the tests' packages live in tests/package.json.
#  4. Every file that build read (headers, libraries linked, protoc, the
#     compiler, the .proto imports) belongs to a Debian package that the run
#     list (`install-deps.sh --print-packages`) installs, directly or as a
#     dependency; none to a test-only package.
#
# Usage: tests/deploy/run_path_integration_test.sh [SCRATCH_DIR]
# The fresh tree is build-run-path/ beside build/ in the checkout (same depth,
# so ccache serves what build/ compiled), or SCRATCH_DIR/build when given.
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../deploy/lib.sh"

export LC_ALL=C  # one collation for sort and join
passes=0 failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; passes=$((passes + 1)); }

scratch=$(mktemp -d "${TMPDIR:-/tmp}/vita-run-path.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
build=${1:+$1/build}
build=${build:-$VITA_REPO/build-run-path}
rm -rf "$build"
no_gtest=(-DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON)

# 1. Plain configure, GoogleTest invisible.
if out=$(cmake -S "$VITA_REPO" -B "$scratch/plain" -G Ninja "${no_gtest[@]}" 2>&1); then
  if grep -q "Tests: off (GoogleTest with gmock not found; 'deploy/install-deps.sh --for-tests' installs it" <<<"$out"; then
    pass "a plain configure without GoogleTest builds no tests and says how to get them"
  else
    fail "a plain configure without GoogleTest did not name how to get the tests:"$'\n'"$out"
  fi
  if ninja -C "$scratch/plain" -t targets all | grep -qE '^(store|domain|api|cli)_test:'; then
    fail "a plain configure without GoogleTest still defines test targets"
  fi
else
  fail "a plain configure without GoogleTest failed:"$'\n'"$out"
fi
if out=$(cmake -S "$VITA_REPO" -B "$scratch/on" -G Ninja -DVITA_BUILD_TESTS=ON "${no_gtest[@]}" 2>&1); then
  fail "VITA_BUILD_TESTS=ON without GoogleTest configured anyway"
elif tr -s ' \n' ' ' <<<"$out" | grep -q "VITA_BUILD_TESTS=ON: GoogleTest with gmock not found; 'deploy/install-deps.sh --for-tests' installs it"; then
  pass "VITA_BUILD_TESTS=ON without GoogleTest fails naming what to install"
else
  fail "VITA_BUILD_TESTS=ON without GoogleTest failed without the hint:"$'\n'"$out"
fi

# 2. The run path's own build, in a fresh tree.
if ! out=$(vita_build_run_targets "$build" 2 "${no_gtest[@]}" 2>&1); then
  echo "$out" >&2
  fail "the run targets did not build as deploy/up.sh builds them"
  echo "$passes passed, $failures failed"
  exit 1
fi
for f in server/vita-server cli/vita proto/vita.pb; do
  [[ -s $build/$f ]] || fail "the run build made no $f"
done
pass "the run targets build in a fresh tree with GoogleTest invisible"

# 3. The run path's npm packages are the page build's.
mapfile -t web_packages < <(node -e '
  const p = require(process.argv[1]);
  for (const n of Object.keys({ ...p.dependencies, ...p.devDependencies })) console.log(n);
' "$VITA_REPO/web/package.json")
(( ${#web_packages[@]} > 0 )) || fail "web/package.json names no package"
unused=()
for name in "${web_packages[@]}"; do
  grep -rqF -e "'$name'" -e "'$name/" -e "\"$name\"" -e "\"$name/" \
    "$VITA_REPO/web/build.mjs" "$VITA_REPO/web/src" || unused+=("$name")
done
if (( ${#unused[@]} )); then
  fail "web/package.json (installed by the run path) lists ${unused[*]}, which neither web/build.mjs nor web/src uses; test-only packages go in tests/package.json"
else
  pass "the run path's ${#web_packages[@]} npm packages are all used by the page's build"
fi

# 4. Every file the build read belongs to a run package.
used=$scratch/used
{
  # Headers, from ninja's dependency log.
  ninja -C "$build" -t deps | awk '/^    \// { print $1 }'
  # Libraries and tools on the command lines of the run targets.
  ninja -C "$build" -t commands "${VITA_RUN_TARGETS[@]}" | tr ' ' '\n' |
    grep -E '^/.*(\.so(\.[0-9]+)*|\.a)$|^/usr/' || true
  for lib in $(ninja -C "$build" -t commands "${VITA_RUN_TARGETS[@]}" |
               grep -oE '(^| )-l[A-Za-z0-9_+.-]+' | sed 's/^ *-l//' | sort -u); do
    # glibc's libdl and librt are stubs with only an archive.
    for ext in so a; do
      f=$(g++ -print-file-name="lib$lib.$ext")
      [[ $f == /* ]] && { echo "$f"; break; }
    done
  done
  # The compiler, the build tools and the imported .proto files.
  for tool in g++ cmake ninja pkg-config protoc grpc_cpp_plugin; do
    command -v "$tool"
  done
  find "$(sed -n 's/^GOOGLEAPIS_PROTO_DIR:PATH=//p' "$build/CMakeCache.txt")/google/api" \
       "$(sed -n 's/^GRPC_PROTO_DIR:PATH=//p' "$build/CMakeCache.txt")/grpc/health" -name '*.proto'
} | grep -v -e "^$VITA_REPO/" -e "^$build/" | sort -u > "$used.raw"
while read -r f; do
  if [[ -f $f ]]; then realpath "$f"; fi
done < "$used.raw" | sort -u > "$used"
(( $(wc -l < "$used") > 100 )) || fail "only $(wc -l < "$used") files found in the build's records"

# file -> owning package, from dpkg's own lists (paths as installed and as
# resolved, since /lib is /usr/lib on Debian 12).
owners=$scratch/owners
for list in /var/lib/dpkg/info/*.list; do
  pkg=${list##*/}
  pkg=${pkg%.list}
  pkg=${pkg%%:*}
  awk -v p="$pkg" '{ print $0 "\t" p }' "$list"
done | awk -F'\t' '{ print $1 "\t" $2; if ($1 ~ /^\/(lib|bin|sbin)/) print "/usr" $1 "\t" $2 }' \
  | sort -u -t$'\t' -k1,1 > "$owners"

# The run list's closure over installed Depends/Pre-Depends (alternatives:
# every installed one; virtual packages: their installed providers).
mapfile -t run_list < <("$VITA_REPO/deploy/install-deps.sh" --print-packages)
mapfile -t test_list < <("$VITA_REPO/deploy/install-deps.sh" --for-tests --print-packages)
installed=$scratch/installed
dpkg-query -W -f='${Package}\t${Provides}\t${Pre-Depends}, ${Depends}\t${Essential}\n' > "$installed"
closure=$scratch/closure
awk -F'\t' -v roots="${run_list[*]}" '
  function strip(d) { sub(/^ +/, "", d); sub(/ *\(.*$/, "", d); sub(/:.*$/, "", d); sub(/ +$/, "", d); return d }
  {
    pkg[$1] = 1; deps[$1] = $3
    if ($4 == "yes") root[$1] = 1
    n = split($2, pv, ","); for (i = 1; i <= n; i++) { v = strip(pv[i]); if (v != "") prov[v] = prov[v] " " $1 }
  }
  END {
    n = split(roots, r, " "); for (i = 1; i <= n; i++) root[r[i]] = 1
    for (p in root) queue[++tail] = p
    for (head = 1; head <= tail; head++) {
      p = queue[head]; if (p in seen) continue; seen[p] = 1
      m = split(deps[p], ds, ",")
      for (j = 1; j <= m; j++) {
        k = split(ds[j], alts, "|")
        for (a = 1; a <= k; a++) {
          d = strip(alts[a]); if (d == "") continue
          if (d in pkg) queue[++tail] = d
          if (d in prov) { q = split(prov[d], ps, " "); for (b = 1; b <= q; b++) queue[++tail] = ps[b] }
        }
      }
    }
    for (p in seen) if (p in pkg) print p
  }' "$installed" | sort -u > "$closure"

bad=0
while IFS=$'\t' read -r file owner; do
  if [[ -z $owner ]]; then
    fail "$file, which the run build read, belongs to no Debian package"
    bad=1
  elif printf '%s\n' "${test_list[@]}" | grep -qx "$owner" && ! grep -qx "$owner" "$closure"; then
    fail "$file, which the run build read, belongs to the test-only package $owner"
    bad=1
  elif ! grep -qx "$owner" "$closure"; then
    fail "$file, which the run build read, belongs to $owner, which the run list of deploy/install-deps.sh does not install"
    bad=1
  fi
done < <(join -t$'\t' -a1 -e '' -o 0,2.2 "$used" "$owners")
(( bad )) || pass "all $(wc -l < "$used") files the run build read belong to packages the run list installs"

rm -rf "$build"
echo "$passes passed, $failures failed"
(( failures == 0 ))
