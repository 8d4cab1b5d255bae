#!/usr/bin/env bash
# ctest: ulp-properties --endpoint-url against a reference server on a loopback port, as a
# user runs it against any endpoint: what MUST and SHOULD requirements fix compared, in
# repositories created for each sequence; then holding it to the reference's PROBE answers too;
# then in two existing repositories on the ecr limits.
#   loopback_test.sh ULP_PROPERTIES ULP_REFERENCE_SERVER [ulp-properties options...]
set -euo pipefail
properties=$1 server=$2
shift 2

start_server() {  # PROFILE: sets url and server_pid
  "$server" --port 0 --profile "$1" --repository ulp-properties-a \
    --repository ulp-properties/b >"$log" 2>&1 &
  server_pid=$!
  url=""
  for _ in $(seq 100); do
    url=$(sed -n 's/^listening on \(http:[^ ]*\)$/\1/p' "$log")
    [ -n "$url" ] && return
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "loopback_test: the server did not start"
  cat "$log"
  exit 2
}
stop_server() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }

log=$(mktemp)
server_pid=""
trap 'stop_server; rm -f "$log"' EXIT
only=(--gtest_filter='UploadSessions.*')

start_server small
"$properties" --endpoint-url "$url" --no-sign-request --limits small --sequences 100 "${only[@]}" "$@"
"$properties" --endpoint-url "$url" --no-sign-request --limits small --sequences 100 \
  --match-reference-probes "${only[@]}" "$@"
stop_server

start_server ecr
"$properties" --endpoint-url "$url" --no-sign-request --sequences 15 \
  --repository-name ulp-properties-a --other-repository-name ulp-properties/b "${only[@]}" "$@"
