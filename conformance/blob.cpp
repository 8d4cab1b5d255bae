#include "conformance/blob.hpp"

#include <cstring>
#include <stdexcept>

#include "core/base64.hpp"
#include "core/sha256.hpp"
#include "core/splitmix64.hpp"

namespace ulp::conformance {

namespace {

std::uint64_t fnv1a(std::uint64_t h, std::string_view s) {
  for (unsigned char c : s) h = (h ^ c) * 0x100000001B3ull;
  return (h ^ 0xFF) * 0x100000001B3ull;  // a separator, so "ab"+"c" differs from "a"+"bc"
}

}  // namespace

Blob::Blob(std::uint64_t key, std::int64_t size) {
  if (size < 0) throw std::invalid_argument("a blob of " + std::to_string(size) + " bytes");
  bytes_.resize(static_cast<std::size_t>(size));
  std::uint64_t state = key;
  std::size_t i = 0;
  for (; i + 8 <= bytes_.size(); i += 8) {
    std::uint64_t word = splitmix64_next(state);
    std::memcpy(&bytes_[i], &word, 8);
  }
  std::uint64_t word = splitmix64_next(state);
  std::memcpy(&bytes_[i], &word, bytes_.size() - i);
}

const std::string& Blob::base64() const {
  if (!encoded_) base64_ = base64::encode(bytes_), encoded_ = true;
  return base64_;
}

std::string Blob::digest() const {
  Sha256 sha;
  sha.update(bytes_);
  return sha.digest();
}

std::uint64_t blob_key(std::uint64_t run_seed, std::string_view case_id, std::string_view name,
                       std::uint64_t seed) {
  std::uint64_t h = 0xCBF29CE484222325ull ^ run_seed;
  h = fnv1a(h, case_id);
  h = fnv1a(h, name);
  return h ^ (seed * 0x9E3779B97F4A7C15ull);
}

}  // namespace ulp::conformance
