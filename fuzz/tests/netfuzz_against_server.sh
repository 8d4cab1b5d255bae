#!/usr/bin/env bash
# ulp-netfuzz against a reference server started on a loopback port (ctest).
#   netfuzz_against_server.sh [--server-args "ARGS"] [--auth] --expect-exit N [--expect REGEX]...
#                             [--replay] -- NETFUZZ_ARGS...
# Starts $ULP_SERVER_BIN --port 0 ARGS, runs $ULP_NETFUZZ_BIN against it, and checks the exit
# status and that the output matches each REGEX. With --auth, the server verifies signatures
# (--auth with fresh temporary credentials) and every client signs with them, so that
# ulp-netfuzz spoils some signatures. With --replay, the first divergence written
# to --out is replayed and must diverge again (exit 1), and the fixtures written must fail
# under ulp-conformance against the same server and pass against the reference.
set -euo pipefail
server_args="" expect_exit="" replay=0 auth=0 patterns=()
while (($#)); do
  case "$1" in
    --server-args) server_args="$2"; shift 2 ;;
    --expect-exit) expect_exit="$2"; shift 2 ;;
    --expect) patterns+=("$2"); shift 2 ;;
    --replay) replay=1; shift ;;
    --auth) auth=1; shift ;;
    --) shift; break ;;
    *) echo "netfuzz test: unknown argument $1" >&2; exit 2 ;;
  esac
done
# Under the working directory (the build tree under ctest), not /tmp: others clean /tmp.
work="$(mktemp -d "$PWD/netfuzz-test.XXXXXX")"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

sign=(--no-sign-request)
if [ "$auth" = 1 ]; then
  cat >"$work/credentials" <<CREDENTIALS
[default]
aws_access_key_id = ASIANETFUZZTEST00000
aws_secret_access_key = netfuzz/test/secret/$RANDOM$RANDOM$RANDOM
aws_session_token = netfuzz-test-session-token-$RANDOM
CREDENTIALS
  server_args+=" --auth $work/credentials --region us-east-1"
  export AWS_SHARED_CREDENTIALS_FILE="$work/credentials" AWS_CONFIG_FILE=/dev/null
  unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE
  sign=(--region us-east-1)
fi
# shellcheck disable=SC2086  # the server's arguments are words
"$ULP_SERVER_BIN" --port 0 $server_args >"$work/server.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 100); do
  port="$(sed -n 's#^listening on http://127.0.0.1:\([0-9]*\)$#\1#p' "$work/server.log")"
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { echo "netfuzz test: the server did not start:"; cat "$work/server.log"; exit 2; }
url="http://127.0.0.1:$port"

status=0
"$ULP_NETFUZZ_BIN" --endpoint-url "$url" "${sign[@]}" --out "$work/out" "$@" >"$work/netfuzz.log" 2>&1 || status=$?
# The first divergence in full (with its reproduction lines), and the summary.
# (No `| head`: under pipefail, a writer cut off by SIGPIPE would end this script silently.)
awk '/^DIVERGENCE 2:/{exit} NR <= 60 {print}' "$work/netfuzz.log"
tail -n 4 "$work/netfuzz.log"
failed=0
if [ "$status" -ne "$expect_exit" ]; then
  echo "netfuzz test: FAIL: exit status $status, expected $expect_exit"
  failed=1
fi
for pattern in "${patterns[@]}"; do
  if ! grep -q -E -- "$pattern" "$work/netfuzz.log"; then
    echo "netfuzz test: FAIL: no line matches '$pattern'"
    failed=1
  fi
done
if [ "$replay" = 1 ]; then
  cases=("$work"/out/divergence-*/case.json)  # sorted; the pattern itself when none matched
  case_file="${cases[0]}"
  if [ ! -f "$case_file" ]; then
    echo "netfuzz test: FAIL: no case.json written to --out"
    failed=1
  else
    replay_status=0
    "$ULP_NETFUZZ_BIN" --endpoint-url "$url" "${sign[@]}" --out "$work/replay" \
      --replay "$case_file" >"$work/replay.log" 2>&1 || replay_status=$?
    grep -E '^(DIVERGENCE|divergences)' "$work/replay.log" || true
    if [ "$replay_status" -ne 1 ]; then
      echo "netfuzz test: FAIL: replaying $case_file exits with $replay_status, not 1"
      failed=1
    fi
    # The fixtures written to --out/fixtures are cases ulp-conformance takes: against this
    # server they fail (exit 1), against the plain embedded reference they pass (exit 0).
    for expected in 1 0; do
      endpoint=(--endpoint-url "$url" "${sign[@]}")
      [ "$expected" = 0 ] && endpoint=()
      conform_status=0
      "$ULP_CONFORMANCE_BIN" --fixtures "$work/out/fixtures" "${endpoint[@]}" --color never \
        >"$work/conform.log" 2>&1 || conform_status=$?
      tail -n 1 "$work/conform.log"
      if [ "$conform_status" -ne "$expected" ]; then
        echo "netfuzz test: FAIL: ulp-conformance on the written fixtures exits" \
          "$conform_status, not $expected"
        cat "$work/conform.log"
        failed=1
      fi
    done
  fi
fi
exit "$failed"
