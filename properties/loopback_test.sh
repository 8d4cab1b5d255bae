#!/usr/bin/env bash
# ctest: ulp-properties --endpoint-url against a reference server on a loopback port, as a
# user runs it against any endpoint (ecr limits, MUST and SHOULD answers compared); then once
# more holding it to the reference's PROBE answers too (--check-probes).
#   loopback_test.sh ULP_PROPERTIES ULP_REFERENCE_SERVER [ulp-properties options...]
set -euo pipefail
properties=$1 server=$2
shift 2

log=$(mktemp)
data=$(mktemp -d)
"$server" --port 0 --profile ecr --data-dir "$data" \
  --repository ulp-properties-a --repository ulp-properties/b >"$log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$log" "$data"' EXIT

url=""
for _ in $(seq 100); do
  url=$(sed -n 's/^listening on \(http:[^ ]*\)$/\1/p' "$log")
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$log"; exit 2; }
  sleep 0.1
done
[ -n "$url" ] || { echo "loopback_test: the server did not start"; cat "$log"; exit 2; }

common=(--endpoint-url "$url" --no-sign-request
        --repository ulp-properties-a --repository ulp-properties/b "$@")
"$properties" "${common[@]}" --sequences 30 --gtest_filter='UploadSessions.*'
"$properties" "${common[@]}" --sequences 15 --check-probes --gtest_filter='UploadSessions.*'
