// Layer parts made from a seed: the same run seed, case, name and size give the same bytes,
// so a case knows the digest it expects before the target sees a byte, and a reproduction
// can write the very bytes that were sent.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ulp::conformance {

class Blob {
 public:
  Blob(std::uint64_t key, std::int64_t size);  // throws std::invalid_argument when size < 0

  const std::string& bytes() const { return bytes_; }
  const std::string& base64() const;  // computed once
  std::string digest() const;         // "sha256:<hex>"

 private:
  std::string bytes_;
  mutable std::string base64_;
  mutable bool encoded_ = false;
};

// The key of a blob: the run's seed, the case ID and the blob's own name and seed.
std::uint64_t blob_key(std::uint64_t run_seed, std::string_view case_id, std::string_view name,
                       std::uint64_t seed);

}  // namespace ulp::conformance
