#!/usr/bin/env bash
# Makes a throw-away self-signed certificate for a test, valid for one day
# for "localhost" and 127.0.0.1 (and ::1), with the openssl command. Keys
# are made at test time and never committed.
#
# Usage: tests/support/make-test-cert.sh DIR
# Writes DIR/cert.pem (the certificate, also the CA a client trusts) and
# DIR/key.pem (its private key, mode 0600); prints nothing but errors.
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: $0 DIR" >&2; exit 2; }
dir=$1
mkdir -p "$dir"
(umask 077 && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
  -nodes -days 1 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
  -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null) \
  || { echo "$0: openssl could not make a certificate in $dir" >&2; exit 1; }
