#!/usr/bin/env bash
# The Debian package as tools/package builds it, into a temporary directory: its Depends are
# Debian runtime packages (dpkg-shlibdeps), and it holds the programs, the cases and the spec.
#   tools/package_test.sh BUILD_DIR
set -euo pipefail
build=$(realpath "$1")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "package_test: $*" >&2; exit 1; }
(cd "$out" && cpack --config "$build/CPackConfig.cmake" -G DEB -B "$out" \
  -D CPACK_PACKAGING_INSTALL_PREFIX=/usr >/dev/null)
deb=$(ls "$out"/ulp_*.deb) || fail "no .deb was made"
depends=$(dpkg-deb -f "$deb" Depends)
echo "package_test: $(basename "$deb"), Depends: $depends"
for runtime in libcpp-httplib0.11 libssl3 libnettle8 libre2-9 libsimdjson14 libstdc++6; do
  grep -q "$runtime" <<<"$depends" || fail "Depends lacks $runtime"
done
contents=$(dpkg-deb -c "$deb")
for path in ./usr/bin/ulp-conformance ./usr/bin/ulp-reference-server ./usr/bin/ulp \
  ./usr/share/ulp/fixtures/conformance/ ./usr/share/ulp/spec/requirements.json; do
  grep -q " $path" <<<"$contents" || fail "$path is not in the package"
done
