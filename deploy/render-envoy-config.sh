#!/usr/bin/env bash
# Renders deploy/envoy.yaml (a template with @@NAME@@ placeholders) into a
# config Envoy can run, and prints nothing but errors.
#
# Usage: deploy/render-envoy-config.sh OUT_FILE
# Settings come from the environment (defaults in brackets):
#   VITA_LISTEN_ADDRESS   [127.0.0.1]   address browsers connect to
#   VITA_LISTEN_PORT      [8080]
#   VITA_ADMIN_PORT       [9901]        admin interface, always on 127.0.0.1
#   VITA_SERVER           [127.0.0.1:50051]  vita-server's host:port; the
#                         deprecated name VITA_UPSTREAM is still read
#                         (VITA_SERVER wins)
#   VITA_WEB_ROOT         (required)    directory with index.html, inline-hashes.txt,
#                                       app/, assets/
#   VITA_DESCRIPTOR       (required)    <build>/proto/vita.pb
#   VITA_DEFAULT_PROFILE  [hexu-zhao]   profile id shown at "/"
#   VITA_ACCESS_LOG       [/dev/stdout]
#   VITA_PUBLISH_DIR      [unset]       vita-server's --publish-dir: "/", "/p/{id}"
#                                       and GET /v1/profiles/{id}/page are served
#                                       from its files; unset: from the web root
#                                       and the transcoder, as before
#   VITA_TLS_CERT         [unset]       PEM certificate chain: the listener speaks
#   VITA_TLS_KEY          [unset]       TLS (HTTP/2 and HTTP/1.1 by ALPN); both or neither
#   VITA_MAX_BODY_BYTES   [262144]      larger request bodies are refused (413)
#   VITA_MAX_IMPORT_BYTES [4194304]     the same for the whole-page import
#   VITA_WRITES_PER_MINUTE      [120]   writes per client address (429 above)
#   VITA_TOKEN_CALLS_PER_MINUTE [120]   calls carrying a token, per client address
#   VITA_ENVOY_TEMPLATE   [the envoy.yaml next to this script]
# The settings below are read by name (${!name}) when the template is filled.
# shellcheck disable=SC2034
set -euo pipefail
shopt -u patsub_replacement 2>/dev/null || true

# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
die() { echo "render-envoy-config: $*" >&2; exit 2; }
vita_operands 1 OUT_FILE "$@"
out=$1
template=${VITA_ENVOY_TEMPLATE:-$VITA_REPO/deploy/envoy.yaml}

listen_address=${VITA_LISTEN_ADDRESS:-127.0.0.1}
listen_port=${VITA_LISTEN_PORT:-$DEFAULT_LISTEN_PORT}
admin_port=${VITA_ADMIN_PORT:-$DEFAULT_ADMIN_PORT}
server=$(vita_server_address VITA_UPSTREAM)
web_root=${VITA_WEB_ROOT:-}
descriptor=${VITA_DESCRIPTOR:-}
default_profile=${VITA_DEFAULT_PROFILE:-$DEMO_PROFILE}
access_log=${VITA_ACCESS_LOG:-/dev/stdout}
# /dev/stdout is Envoy's own standard output, written by the stdout logger
# (deploy/envoy.yaml says why).
[[ $access_log == /dev/stdout ]] && access_log_to=stdoutlog || access_log_to=filelog
publish_dir=${VITA_PUBLISH_DIR:-}
tls_cert=${VITA_TLS_CERT:-}
tls_key=${VITA_TLS_KEY:-}
max_body_bytes=${VITA_MAX_BODY_BYTES:-$DEFAULT_MAX_BODY_BYTES}
max_import_bytes=${VITA_MAX_IMPORT_BYTES:-$DEFAULT_MAX_IMPORT_BYTES}
writes_per_minute=${VITA_WRITES_PER_MINUTE:-$DEFAULT_WRITES_PER_MINUTE}
token_calls_per_minute=${VITA_TOKEN_CALLS_PER_MINUTE:-$DEFAULT_TOKEN_CALLS_PER_MINUTE}

[[ -n $web_root ]] || die "VITA_WEB_ROOT is not set"
[[ -n $descriptor ]] || die "VITA_DESCRIPTOR is not set"
web_root=$(cd "$web_root" 2>/dev/null && pwd) || die "no web root directory: ${VITA_WEB_ROOT}"
[[ -f $web_root/index.html ]] || die "no index.html in $web_root"
# Every text file of app/ and assets/ has its precompressed variants
# (web/build.mjs: br/ and gz/ at the same relative path): the gateway sends a
# variant to every client that accepts its encoding (deploy/envoy.yaml), so a
# missing one would be a 404 for browsers, and one older than its file (a
# file replaced by hand) old bytes: said once, not refused (a copy that did
# not keep the times looks the same).
stale=''
while IFS= read -r -d '' file; do
  relative=${file#"$web_root/"}
  for encoding in br gz; do
    variant=$web_root/$encoding/$relative
    [[ -f $variant ]] \
      || die "$relative in $web_root has no $encoding/ variant: build the web root again (web/build-web-root.sh $web_root)"
    if [[ $file -nt $variant && -z $stale ]]; then stale=$relative; fi
  done
done < <(find "$web_root/app" "$web_root/assets" -type f \( -name '*.js' -o -name '*.css' -o -name '*.svg' \
  -o -name '*.json' -o -name '*.txt' -o -name '*.html' \) -print0 2>/dev/null)
if [[ -n $stale ]]; then
  echo "render-envoy-config.sh: note: $stale in $web_root is newer than its precompressed variants, which browsers get; build the web root again (web/build-web-root.sh $web_root)" >&2
fi
[[ -f $descriptor ]] || die "no descriptor set: $descriptor"
# The hashes of the page's inline script and style sheet, which the
# document policy allows (web/build.mjs).
hashes=$web_root/inline-hashes.txt
[[ -f $hashes ]] || die "no inline-hashes.txt in $web_root: build the web root again (web/build-web-root.sh $web_root)"
script_hash=$(awk '$1 == "script-src" { print $2 }' "$hashes")
style_hash=$(awk '$1 == "style-src" { print $2 }' "$hashes")
for v in script_hash style_hash; do
  [[ ${!v} =~ ^\'sha256-[A-Za-z0-9+/]+=*\'$ ]] || die "$hashes has no valid ${v/_hash/-src} hash"
done
descriptor=$(cd "$(dirname "$descriptor")" && pwd)/$(basename "$descriptor")

server_host=${server%:*}
server_port=${server##*:}
[[ $server == *:* && -n $server_host ]] || die "VITA_SERVER must be host:port, got '$server'"
for v in listen_port admin_port server_port; do
  [[ ${!v} =~ ^[0-9]+$ && ${!v} -le 65535 ]] || die "$v is not a port: '${!v}'"
done
for v in max_body_bytes max_import_bytes writes_per_minute token_calls_per_minute; do
  [[ ${!v} =~ ^[1-9][0-9]{0,9}$ ]] || die "VITA_${v^^} must be a whole number above 0, got '${!v}'"
done
if [[ -n $tls_cert || -n $tls_key ]]; then
  [[ -n $tls_cert && -n $tls_key ]] || die "VITA_TLS_CERT and VITA_TLS_KEY go together: set both, or neither"
  [[ -r $tls_cert ]] || die "VITA_TLS_CERT $tls_cert cannot be read"
  [[ -r $tls_key ]] || die "VITA_TLS_KEY $tls_key cannot be read"
  tls_cert=$(cd "$(dirname "$tls_cert")" && pwd)/$(basename "$tls_cert")
  tls_key=$(cd "$(dirname "$tls_key")" && pwd)/$(basename "$tls_key")
fi
[[ $listen_address =~ ^[0-9a-zA-Z.:_-]+$ ]] || die "bad VITA_LISTEN_ADDRESS '$listen_address'"
[[ $server_host =~ ^[0-9a-zA-Z._-]+$ ]] || die "bad VITA_SERVER host '$server_host'"
[[ $default_profile =~ ^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$ ]] || die "bad VITA_DEFAULT_PROFILE '$default_profile'"
if [[ -n $publish_dir ]]; then
  mkdir -p "$publish_dir" || die "cannot create VITA_PUBLISH_DIR $publish_dir"
  publish_dir=$(cd "$publish_dir" && pwd)
fi
published_files_lua=$VITA_REPO/deploy/published_files.lua
# Paths land inside double-quoted YAML strings.
for v in web_root descriptor access_log publish_dir published_files_lua tls_cert tls_key; do
  [[ ${!v} != *[\"\\]* && ${!v} != *$'\n'* ]] || die "$v contains a quote, backslash or newline"
done

# Comments of the template are dropped (they name the placeholders).
# So are the lines of the modes not chosen: "#>publish" ... "#<publish" with
# VITA_PUBLISH_DIR, "#>static" ... "#<static" without, "#>tls" ... "#<tls"
# without VITA_TLS_CERT, "#>filelog" ... "#<filelog" or "#>stdoutlog" ...
# "#<stdoutlog" by VITA_ACCESS_LOG.
if [[ -n $publish_dir ]]; then drop=static; else drop=publish; fi
[[ -n $tls_cert ]] || drop+=" tls"
if [[ $access_log_to == stdoutlog ]]; then drop+=" filelog"; else drop+=" stdoutlog"; fi
config=$(awk -v drop="$drop" '
  BEGIN { n = split(drop, names, " "); for (i = 1; i <= n; i++) dropped[names[i]] = 1 }
  $1 ~ /^#>/ && (substr($1, 3) in dropped) { skip = 1; next }
  $1 ~ /^#</ && (substr($1, 3) in dropped) { skip = 0; next }
  !skip' "$template")
# Each @@NAME@@ is the variable of that name in lower case.
for name in listen_address listen_port admin_port server_host server_port \
  web_root descriptor default_profile access_log publish_dir \
  published_files_lua tls_cert tls_key max_body_bytes max_import_bytes \
  writes_per_minute token_calls_per_minute script_hash style_hash; do
  config=${config//@@${name^^}@@/${!name}}
done
config=$(printf '%s\n' "$config" | grep -v '^[[:space:]]*#' || true)
if [[ $config == *@@*@@* ]]; then
  die "placeholder left unreplaced in $template"
fi
# write FILE: stdin to FILE, atomically (temporary file and rename).
write() {
  local tmp
  tmp=$(mktemp "$(dirname "$1")/.$(basename "$1").XXXXXX")
  cat >"$tmp"
  chmod 644 "$tmp"
  mv -f "$tmp" "$1"
}
printf '%s\n' "$config" | write "$out"
