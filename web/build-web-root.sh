#!/usr/bin/env bash
# Assembles the static web root Envoy serves: index.html with the bundled
# page inline (and inline-hashes.txt, their hashes for the page's policy),
# the Markdown chunk (app/, a content-hashed name) and the demo pictures
# (assets/), all from our own origin. The build itself is web/build.mjs (esbuild).
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

vita_npm_ci "$web"

node "$web/build.mjs" "$out"
