// Incremental SHA-256 (OpenSSL), and the OCI digest form "sha256:<hex>".
#pragma once

#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace ulp {

class Sha256 {
 public:
  Sha256();
  Sha256(const Sha256& other);  // copies the running state
  Sha256& operator=(const Sha256& other);
  ~Sha256();

  void update(std::string_view bytes);
  std::string hex() const;     // of everything so far; the state keeps running
  std::string digest() const;  // "sha256:" + hex()

  static std::string hex_of(std::string_view bytes);

 private:
  std::unique_ptr<evp_md_ctx_st, void (*)(evp_md_ctx_st*)> ctx_;
};

}  // namespace ulp
