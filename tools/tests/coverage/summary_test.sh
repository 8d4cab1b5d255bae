#!/usr/bin/env bash
# tools/coverage-summary on a small canned llvm-cov export (no coverage build): the per-folder
# sums (a folder's lines over its lines, not an average of its files' percentages; a path
# build-coverage/../x counted as x, as ccache makes them), and the unreached functions of
# reference/ (a template is reached when one instantiation is; names demangled and shortened,
# std::string; a static function's "<file>:" prefix dropped; a .cpp no program contains named).
#   summary_test.sh PATH/TO/coverage-summary
set -euo pipefail
summary="$1"
data="$(cd "$(dirname "$0")" && pwd)"
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/reference/tests"
touch "$root/reference/engine.cpp" "$root/reference/a.hpp" "$root/reference/server_main.cpp" \
  "$root/reference/tests/engine_test.cpp"
sed "s#@ROOT@#$root#g" "$data/summary.json" >"$root/summary.json"
sed "s#@ROOT@#$root#g" "$data/functions.lcov" >"$root/functions.lcov"

status=0
"$summary" folders --root "$root" --label merged "$root/summary.json" >"$root/folders.out"
diff -u "$data/folders.expected" "$root/folders.out" || status=1
"$summary" unreached --root "$root" --prefix reference/ --sources --demangler c++filt \
  "$root/functions.lcov" >"$root/unreached.out"
diff -u "$data/unreached.expected" "$root/unreached.out" || status=1
[ "$status" -eq 0 ] && echo "coverage-summary: ok"
exit "$status"
