#include "core/base64.hpp"

#include <nettle/base64.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define ULP_BASE64_AVX2 1
#endif

#include "core/huge_pages.hpp"

namespace ulp::base64 {

std::string encode(std::string_view bytes) {
  std::string out;
  encode_append(bytes, out);
  return out;
}

void encode_append(std::string_view bytes, std::string& out) {
  out.reserve(out.size() + 4 * ((bytes.size() + 2) / 3));
  // Through a buffer on the stack, a whole number of quanta at a time: the string is never
  // zero-filled first, which for megabytes costs as much as the encoding.
  constexpr std::size_t kChunk = 3 * 4096;
  char buffer[BASE64_ENCODE_RAW_LENGTH(kChunk)];
  for (std::size_t at = 0; at < bytes.size(); at += kChunk) {
    const std::size_t n = std::min(kChunk, bytes.size() - at);
    base64_encode_raw(buffer, n, reinterpret_cast<const std::uint8_t*>(bytes.data() + at));
    out.append(buffer, BASE64_ENCODE_RAW_LENGTH(n));
  }
}

namespace {

constexpr std::uint32_t kBad = 0xFF000000u;

// Four tables, one per position in a quantum, each holding the sextet already shifted
// into place: decoding is then four loads and three ORs per 3 bytes. nettle's
// decoder is not used because it skips whitespace, where AWS blobs need strict RFC 4648.
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

// Decodes `quanta` full quanta (no padding allowed in them); returns false when a character
// is outside the alphabet. The output is written even then (the caller throws it away).
bool decode_quanta_scalar(const unsigned char* in, std::size_t quanta, unsigned char* dst) {
  std::uint32_t bad = 0;
  for (std::size_t q = 0; q < quanta; ++q, in += 4, dst += 3) {
    std::uint32_t v = quantum(in);
    bad |= v;
    dst[0] = static_cast<unsigned char>(v >> 16);
    dst[1] = static_cast<unsigned char>(v >> 8);
    dst[2] = static_cast<unsigned char>(v);
  }
  return !(bad & kBad);
}

#ifdef ULP_BASE64_AVX2
// 32 characters to 24 bytes per step, validating every character (W. Muła and D. Lemire,
// "Faster Base64 Encoding and Decoding Using AVX2 Instructions", 2018): a character's
// class comes from two 16-entry tables indexed by its nibbles; an invalid one has a bit
// set in both. Each step stores 32 bytes, so it runs while 8 spare output bytes remain.
__attribute__((target("avx2"))) bool decode_quanta_avx2(const unsigned char* in, std::size_t quanta,
                                                        unsigned char* dst) {
  const __m256i lut_lo =
      _mm256_setr_epi8(0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x13, 0x1A, 0x1B,
                       0x1B, 0x1B, 0x1A, 0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
                       0x13, 0x1A, 0x1B, 0x1B, 0x1B, 0x1A);
  const __m256i lut_hi =
      _mm256_setr_epi8(0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08, 0x10, 0x10, 0x10, 0x10, 0x10,
                       0x10, 0x10, 0x10, 0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08, 0x10, 0x10,
                       0x10, 0x10, 0x10, 0x10, 0x10, 0x10);
  const __m256i lut_roll =
      _mm256_setr_epi8(0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16, 19, 4, -65,
                       -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0);
  const __m256i mask_2f = _mm256_set1_epi8(0x2F);
  const __m256i pack_pairs = _mm256_set1_epi32(0x01400140);
  const __m256i pack_quads = _mm256_set1_epi32(0x00011000);
  const __m256i order = _mm256_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1, 2,
                                         1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1);
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 4, 5, 6, -1, -1);
  __m256i invalid = _mm256_setzero_si256();
  std::size_t q = 0;
  for (; q + 8 + 3 <= quanta; q += 8, in += 32, dst += 24) {
    __m256i str = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in));
    const __m256i hi_nibbles = _mm256_and_si256(_mm256_srli_epi32(str, 4), mask_2f);
    const __m256i lo_nibbles = _mm256_and_si256(str, mask_2f);
    const __m256i hi = _mm256_shuffle_epi8(lut_hi, hi_nibbles);
    const __m256i lo = _mm256_shuffle_epi8(lut_lo, lo_nibbles);
    invalid = _mm256_or_si256(invalid, _mm256_and_si256(lo, hi));
    const __m256i eq_2f = _mm256_cmpeq_epi8(str, mask_2f);
    const __m256i roll = _mm256_shuffle_epi8(lut_roll, _mm256_add_epi8(eq_2f, hi_nibbles));
    str = _mm256_add_epi8(str, roll);  // every byte now a sextet
    str = _mm256_maddubs_epi16(str, pack_pairs);
    str = _mm256_madd_epi16(str, pack_quads);
    str = _mm256_shuffle_epi8(str, order);
    str = _mm256_permutevar8x32_epi32(str, lanes);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), str);
  }
  bool ok = _mm256_testz_si256(invalid, invalid);
  return decode_quanta_scalar(in, quanta - q, dst) && ok;
}

bool has_avx2() {
  static const bool yes = __builtin_cpu_supports("avx2");
  return yes;
}
#endif

bool decode_quanta(const unsigned char* in, std::size_t quanta, unsigned char* dst) {
#ifdef ULP_BASE64_AVX2
  if (quanta >= 64 && has_avx2()) return decode_quanta_avx2(in, quanta, dst);
#endif
  return decode_quanta_scalar(in, quanta, dst);
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

bool decode_unpadded(std::string_view text, char* out) {
  if (text.size() % 4 != 0) return false;
  return decode_quanta(reinterpret_cast<const unsigned char*>(text.data()), text.size() / 4,
                       reinterpret_cast<unsigned char*>(out));
}

std::optional<std::string> decode(std::string_view text, std::string* why) {
  auto size = decoded_size(text);
  if (!size) {
    fail(why, "base64 text length is not a multiple of 4");
    return std::nullopt;
  }
  std::string out;
  out.reserve(*size);
  prefer_huge_pages(out.data(), *size);
  out.resize(*size);
  if (text.empty()) return out;
  auto in = reinterpret_cast<const unsigned char*>(text.data());
  auto dst = reinterpret_cast<unsigned char*>(out.data());
  std::size_t full = text.size() / 4 - 1;  // the last quantum may carry padding
  if (!decode_quanta(in, full, dst)) {
    fail(why, "base64 text holds a character outside the standard alphabet");
    return std::nullopt;
  }
  in += 4 * full;
  dst += 3 * full;
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
