#!/bin/sh
# ulp-properties writes ulp-conformance's reports: a JSON report naming the tool and each
# property as a case, and JUnit XML with one testcase per property; and a failing property's
# case is FAIL, naming a byte-range requirement.
set -eu
bin=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "properties reports test: FAIL: $*"; exit 1; }

"$bin" --seed 1 --sequences 50 --max-steps 20 --gtest_filter=UploadSessions.* \
  --report-json "$dir/ok.json" --report-junit "$dir/ok.xml" >/dev/null || fail "run on the reference"
grep -q '"ulp-properties"' "$dir/ok.json" || fail "the JSON report does not name the tool"
grep -q 'UploadSessions.FollowTheModel' "$dir/ok.json" || fail "the JSON report has no property case"
grep -q '<testcase[^>]*UploadSessions.FollowTheModel' "$dir/ok.xml" || fail "the JUnit report has no testcase"

"$bin" --seed 1 --sequences 50 --max-steps 20 --gtest_filter=UploadSessions.* --mutant accept-gap \
  --expect-failure --report-json "$dir/bad.json" >/dev/null || fail "accept-gap was not caught"
grep -q 'ULP-RANGE-' "$dir/bad.json" || fail "the JSON report names no byte-range requirement"
grep -q '"FAIL"' "$dir/bad.json" || fail "the JSON report has no FAIL"
echo "properties reports test: ok"
