#!/bin/bash -eu
# Builds every fuzz target the ClusterFuzzLite / OSS-Fuzz way: $CXX $CXXFLAGS for all code,
# $LIB_FUZZING_ENGINE at link time, into $OUT/fuzz_<target>, each with its
# fuzz_<target>_seed_corpus.zip (fixtures/fuzz/<target>/corpus and regressions), .dict and
# .options (from fixtures/fuzz/<target>/).
#
# Dependencies: from $SRC/deps (the Dockerfile fetches them) when present, built here with the
# same flags; otherwise the system's (Debian packages, as tools/bootstrap installs them), which
# lets this script be tried outside the image:
#   CXX=clang++-14 CXXFLAGS="-fsanitize=address,fuzzer-no-link -O1 -gline-tables-only" \
#   LIB_FUZZING_ENGINE=-fsanitize=fuzzer SRC=/nonexistent OUT=/tmp/out .clusterfuzzlite/build.sh
root="$(cd "$(dirname "$0")/.." && pwd)"
deps="${SRC:-/src}/deps"
work="${WORK:-/tmp}/ulp-fuzz-build"
mkdir -p "$work/obj" "$OUT"
flags=(-std=c++20 -I"$root" -DCPPHTTPLIB_OPENSSL_SUPPORT -DSIMDJSON_THREADS_ENABLED=1)
libs=(-lssl -lcrypto -lpthread)

if [ -d "$deps/re2" ]; then
  flags+=(-I"$deps/json/include" -I"$deps/simdjson/singleheader" -I"$deps/re2" -I"$deps/cpp-httplib")
  make -C "$deps/re2" -j"$(nproc)" obj/libre2.a CXX="$CXX" \
    CXXFLAGS="$CXXFLAGS -std=c++17 -O1" >/dev/null
  $CXX $CXXFLAGS -std=c++17 -c "$deps/simdjson/singleheader/simdjson.cpp" -o "$work/obj/simdjson.o"
  libs=("$work/obj/simdjson.o" "$deps/re2/obj/libre2.a" "${libs[@]}")
else
  read -r -a system_flags <<<"$(pkg-config --cflags re2 cpp-httplib)"
  read -r -a system_libs <<<"$(pkg-config --libs re2 cpp-httplib)"
  flags+=("${system_flags[@]}")
  libs=("${system_libs[@]}" -lsimdjson "${libs[@]}")
fi

# spec/ compiled in, as spec/CMakeLists.txt does it.
spec_files=""
for f in model.json protocol.json requirements.json profiles/ecr.json profiles/small.json; do
  spec_files="$spec_files $root/spec/$f"
done
cmake -DOUT="$work/embedded_spec.cpp" -DFILES="${spec_files# }" -DROOT="$root/spec" \
  -P "$root/cmake/embed_files.cmake"

# The libraries every target links: core, reference (its server's main aside), fuzz support.
objects=()
for source in "$work/embedded_spec.cpp" "$root"/core/*.cpp "$root"/reference/*.cpp \
  "$root"/fuzz/support/*.cpp; do
  [ "$(basename "$source")" = server_main.cpp ] && continue
  object="$work/obj/$(echo "${source#"$root"/}" | tr '/' '_').o"
  $CXX $CXXFLAGS "${flags[@]}" -c "$source" -o "$object" &
  objects+=("$object")
  (($(jobs -r | wc -l) >= $(nproc))) && wait -n
done
wait

target() {  # name source [extra flags]
  local name="$1" source="$2"
  shift 2
  $CXX $CXXFLAGS "${flags[@]}" "$@" "$root/$source" "${objects[@]}" $LIB_FUZZING_ENGINE \
    "${libs[@]}" -o "$OUT/fuzz_$name"
  local dir="$root/fixtures/fuzz/$name"
  cp "$dir/fuzz_$name.dict" "$dir/fuzz_$name.options" "$OUT/"
  rm -f "$OUT/fuzz_${name}_seed_corpus.zip"
  find "$dir/corpus" "$dir/regressions" -type f 2>/dev/null |
    zip -jq "$OUT/fuzz_${name}_seed_corpus.zip" -@
}

for operation in $(python3 -c "import json,sys; print(' '.join(json.load(open(sys.argv[1]))['operations']))" "$root/spec/model.json"); do
  snake="$(echo "$operation" | sed -E 's/([a-z0-9])([A-Z])/\1_\2/g' | tr 'A-Z' 'a-z')"
  target "decode_$snake" fuzz/targets/decode_request_fuzzer.cpp -DULP_FUZZ_OPERATION="\"$operation\""
done
target base64 fuzz/targets/base64_fuzzer.cpp
target engine fuzz/targets/engine_fuzzer.cpp
target http_request fuzz/targets/http_request_fuzzer.cpp
target sigv4_sign fuzz/targets/sigv4_sign_fuzzer.cpp
target sigv4_authorization fuzz/targets/sigv4_authorization_fuzzer.cpp
target sigv4_verify fuzz/targets/sigv4_verify_fuzzer.cpp
