#!/usr/bin/env bash
# ctest: every mutant the reference server lists (--list-mutants) that breaks a MUST rule is
# caught by the properties, in process: each run must fail by a response the model does not
# allow (--expect-failure). Mutants of SHOULD rules and PROBE answers alone are the conformance
# sweep's (ulp-conformance --all-mutants).
#   every_mutant_test.sh ULP_PROPERTIES ULP_REFERENCE_SERVER
set -uo pipefail
properties=$1 server=$2
escaped=()
while IFS=$'\t' read -r mutant requirement levels _; do
  if [[ ",$levels," != *,MUST,* ]]; then
    echo "skipped  $mutant ($requirement: $levels)"
    continue
  fi
  # The properties send no spoiled signatures: the auth mutants are caught by
  # ulp-conformance --all-mutants and reference/tests/auth_test.cpp.
  if [[ $requirement == AUTH-* ]]; then
    echo "skipped  $mutant ($requirement): the properties do not sign requests"
    continue
  fi
  out=$("$properties" --mutant "$mutant" --expect-failure --sequences 1000 \
    --gtest_filter='UploadSessions.*' 2>&1)
  if [ $? -eq 0 ]; then
    echo "caught   $mutant ($requirement): $(grep -o 'shrunk to [0-9]* steps' <<<"$out" | tail -1)"
  else
    echo "ESCAPED  $mutant ($requirement)"
    echo "$out" | tail -20
    escaped+=("$mutant")
  fi
done < <("$server" --list-mutants)
if ((${#escaped[@]})); then
  echo "every_mutant_test: not caught: ${escaped[*]}"
  exit 1
fi
