#!/usr/bin/env bash
# The suite as a CI image gets it: `cmake --install` into a temporary prefix, the prefix then
# moved elsewhere (nothing may point at where it was installed), and from outside the source
# tree, with the source tree hidden (an empty tmpfs over it, in a private mount namespace, where
# the system allows one), the installed ulp-conformance grades the installed
# ulp-reference-server on the smoke selection.
#   tools/install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(realpath "$1") source=$(realpath "$2")
tmp=$(mktemp -d)
server=""
cleanup() { [ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "install_test: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$tmp/installed" >/dev/null
mv "$tmp/installed" "$tmp/moved"
prefix=$tmp/moved
for program in ulp ulp-conformance ulp-reference-server ulp-properties ulp-netfuzz; do
  [ -x "$prefix/bin/$program" ] || fail "bin/$program was not installed"
done
[ -f "$prefix/share/ulp/spec/requirements.json" ] || fail "share/ulp/spec was not installed"

cat >"$tmp/run.sh" <<SCRIPT
set -euo pipefail
cd "$tmp"
unset ULP_DATA_DIR
listed=\$("$prefix/bin/ulp-conformance" --list --filter smoke --limits small)
grep -q "cases from $prefix/share/ulp/fixtures/conformance" <<<"\$listed" ||
  { echo "the installed suite did not read its own cases: \$listed" >&2; exit 1; }
"$prefix/bin/ulp-reference-server" --port 0 --profile small >"$tmp/server.out" 2>&1 &
server=\$!
trap 'kill \$server 2>/dev/null || true' EXIT
for _ in \$(seq 100); do grep -q "listening on" "$tmp/server.out" && break; sleep 0.05; done
url=\$(grep -o 'http://[0-9.:]*' "$tmp/server.out")
"$prefix/bin/ulp-conformance" --endpoint-url "\$url" --no-sign-request --limits small \
  --filter smoke --color never --report-junit "$tmp/junit.xml"
grep -q '<testcase' "$tmp/junit.xml"
SCRIPT
if unshare --mount true 2>/dev/null; then
  echo "install_test: the source tree $source is hidden from the installed programs"
  unshare --mount bash -c "mount -t tmpfs none '$source' && bash '$tmp/run.sh'"
else
  echo "install_test: no private mount namespace here; the source tree stays visible"
  bash "$tmp/run.sh"
fi
echo "install_test: the installed suite ran from $prefix"
