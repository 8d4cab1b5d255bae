#include "core/sha256.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <stdexcept>

namespace ulp {

namespace {
// Fetched once: with EVP_sha256(), OpenSSL 3 looks the algorithm up in its providers at
// every EVP_DigestInit_ex, which costs more than hashing a short input.
const EVP_MD* sha256_algorithm() {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
  return md;
}

evp_md_ctx_st* new_ctx() {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (!ctx || EVP_DigestInit_ex(ctx, sha256_algorithm(), nullptr) != 1)
    throw std::runtime_error("OpenSSL cannot start SHA-256");
  return ctx;
}

std::string to_hex(const unsigned char* md, unsigned int n) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (unsigned int i = 0; i < n; ++i) {
    out.push_back(digits[md[i] >> 4]);
    out.push_back(digits[md[i] & 15]);
  }
  return out;
}
}  // namespace

Sha256::Sha256() : ctx_(new_ctx(), EVP_MD_CTX_free) {}

Sha256::Sha256(const Sha256& other) : ctx_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
  if (!ctx_ || EVP_MD_CTX_copy_ex(ctx_.get(), other.ctx_.get()) != 1)
    throw std::runtime_error("OpenSSL cannot copy a SHA-256 state");
}

Sha256& Sha256::operator=(const Sha256& other) {
  if (this != &other && EVP_MD_CTX_copy_ex(ctx_.get(), other.ctx_.get()) != 1)
    throw std::runtime_error("OpenSSL cannot copy a SHA-256 state");
  return *this;
}

Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
  // A large input goes in slices, each hashed while the next one is prefetched: hashing is
  // otherwise held up by memory once the input outgrows the caches (by a third, measured on
  // 20 MiB parts in a virtual machine), and the result is the same.
  constexpr std::size_t kSlice = 16 * 1024;
  while (bytes.size() > kSlice) {
    const char* next = bytes.data() + kSlice;
    const std::size_t ahead = std::min(kSlice, bytes.size() - kSlice);
    for (std::size_t i = 0; i < ahead; i += 64) __builtin_prefetch(next + i);
    EVP_DigestUpdate(ctx_.get(), bytes.data(), kSlice);
    bytes.remove_prefix(kSlice);
  }
  EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size());
}

std::string Sha256::hex() const {
  Sha256 copy(*this);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestFinal_ex(copy.ctx_.get(), md, &n);
  return to_hex(md, n);
}

std::string Sha256::digest() const {
  return "sha256:" + hex();
}

std::string Sha256::hex_of(std::string_view bytes) {
  // Finished in place: hex() would copy a state nobody uses again.
  Sha256 h;
  h.update(bytes);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestFinal_ex(h.ctx_.get(), md, &n);
  return to_hex(md, n);
}

}  // namespace ulp
