// Incremental SHA-256 (nettle), and the OCI digest form "sha256:<hex>".
#pragma once

#include <nettle/sha2.h>

#include <string>
#include <string_view>

namespace ulp {

class Sha256 {
 public:
  Sha256();  // copies (and assignment) carry the running state

  void update(std::string_view bytes);
  std::string hex() const;     // of everything so far; the state keeps running
  std::string digest() const;  // "sha256:" + hex()

  static std::string hex_of(std::string_view bytes);

 private:
  sha256_ctx ctx_;
};

}  // namespace ulp
