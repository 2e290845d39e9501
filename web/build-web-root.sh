#!/usr/bin/env bash
# Assembles the static web root Envoy serves: the page (index.html, app/),
# the demo pictures (assets/) and the third-party files from npm (vendor/),
# all from our own origin.
#
# Usage: web/build-web-root.sh OUT_DIR
# Installs web/node_modules with `npm ci` (from the committed
# package-lock.json) when it is missing.
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/lib.sh"
vita_operands 1 OUT_DIR "$@"
web=$VITA_REPO/web
out=$1
nm=$web/node_modules

if [[ ! -f $nm/markdown-it/package.json || ! -f $nm/@fortawesome/fontawesome-free/package.json \
      || ! -f $nm/academicons/package.json ]]; then
  (cd "$web" && npm ci --no-audit --no-fund >&2)
fi

mkdir -p "$out"
tmp=$(mktemp -d "$out/.build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

cp "$web/index.html" "$tmp/"
mkdir -p "$tmp/app" "$tmp/assets" "$tmp/vendor/fontawesome/css" "$tmp/vendor/fontawesome/webfonts" \
  "$tmp/vendor/academicons/css" "$tmp/vendor/academicons/fonts" "$tmp/vendor/markdown-it"
cp "$web"/app/* "$tmp/app/"
cp -r "$web/assets/." "$tmp/assets/"
fa=$nm/@fortawesome/fontawesome-free
cp "$fa/css/all.min.css" "$tmp/vendor/fontawesome/css/"
cp "$fa"/webfonts/*.woff2 "$fa"/webfonts/*.ttf "$tmp/vendor/fontawesome/webfonts/"
cp "$fa/LICENSE.txt" "$tmp/vendor/fontawesome/" 2>/dev/null || true
cp "$nm/academicons/css/academicons.min.css" "$tmp/vendor/academicons/css/"
cp "$nm"/academicons/fonts/academicons.{ttf,woff,svg,eot} "$tmp/vendor/academicons/fonts/"
cp "$nm/markdown-it/dist/markdown-it.min.js" "$tmp/vendor/markdown-it/"
cp "$nm/markdown-it/LICENSE" "$tmp/vendor/markdown-it/" 2>/dev/null || true

# Swap the new tree in.
for d in index.html app assets vendor; do
  rm -rf "${out:?}/$d"
  mv "$tmp/$d" "$out/$d"
done
