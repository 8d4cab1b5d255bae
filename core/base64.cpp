#include "core/base64.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstdint>

namespace ulp::base64 {

std::string encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

namespace {

constexpr std::uint32_t kBad = 0xFF000000u;

// Four tables, one per position in a quantum, each holding the sextet already shifted
// into place: decoding is then four loads and three ORs per 3 bytes. OpenSSL's
// EVP_DecodeBlock is not used because it skips whitespace and keeps padding bytes,
// where AWS blobs need strict RFC 4648.
struct Tables {
  std::array<std::array<std::uint32_t, 256>, 4> t;
  constexpr Tables() : t{} {
    constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (auto& table : t) table.fill(kBad);
    for (std::uint32_t v = 0; v < 64; ++v) {
      auto c = static_cast<unsigned char>(alphabet[v]);
      t[0][c] = v << 18;
      t[1][c] = v << 12;
      t[2][c] = v << 6;
      t[3][c] = v;
    }
  }
};
constexpr Tables kTables;

inline std::uint32_t quantum(const unsigned char* p) {
  return kTables.t[0][p[0]] | kTables.t[1][p[1]] | kTables.t[2][p[2]] | kTables.t[3][p[3]];
}

bool fail(std::string* why, const char* reason) {
  if (why) *why = reason;
  return false;
}

}  // namespace

std::optional<std::size_t> decoded_size(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t pad = 0;
  if (!text.empty() && text.back() == '=') pad = text[text.size() - 2] == '=' ? 2 : 1;
  return text.size() / 4 * 3 - pad;
}

std::optional<std::string> decode(std::string_view text, std::string* why) {
  auto size = decoded_size(text);
  if (!size) {
    fail(why, "base64 text length is not a multiple of 4");
    return std::nullopt;
  }
  std::string out(*size, '\0');
  if (text.empty()) return out;
  auto in = reinterpret_cast<const unsigned char*>(text.data());
  auto dst = reinterpret_cast<unsigned char*>(out.data());
  std::size_t full = text.size() / 4 - 1;  // the last quantum may carry padding
  std::uint32_t bad = 0;
  for (std::size_t q = 0; q < full; ++q, in += 4, dst += 3) {
    std::uint32_t v = quantum(in);
    bad |= v;
    dst[0] = static_cast<unsigned char>(v >> 16);
    dst[1] = static_cast<unsigned char>(v >> 8);
    dst[2] = static_cast<unsigned char>(v);
  }
  if (bad & kBad) {
    fail(why, "base64 text holds a character outside the standard alphabet");
    return std::nullopt;
  }
  std::size_t tail = *size - full * 3;  // 1, 2 or 3 bytes
  unsigned char last[4] = {in[0], in[1], tail > 1 ? in[2] : (unsigned char)'A',
                           tail > 2 ? in[3] : (unsigned char)'A'};
  std::uint32_t v = quantum(last);
  if (v & kBad) {
    fail(why, "base64 text holds a character outside the standard alphabet, or misplaced '='");
    return std::nullopt;
  }
  dst[0] = static_cast<unsigned char>(v >> 16);
  if (tail > 1) dst[1] = static_cast<unsigned char>(v >> 8);
  if (tail > 2) dst[2] = static_cast<unsigned char>(v);
  return out;
}

}  // namespace ulp::base64
