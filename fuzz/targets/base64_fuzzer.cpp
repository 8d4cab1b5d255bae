// fuzz_base64: ulp::base64 (RFC 4648, strict; AVX2 for long texts) against OpenSSL.
// Oracles: a text is accepted exactly when it is strict base64 (checked here by its grammar),
// and then decodes to OpenSSL's bytes with the size decoded_size() announces; any bytes
// encode to OpenSSL's text and decode back to themselves. Planted bug (ULP_FUZZ_MUTANT):
// decode-drops-last-byte.
#include <openssl/evp.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/base64.hpp"
#include "fuzz/support/fuzz_check.hpp"
#include "fuzz/support/planted_bug.hpp"

namespace {

const ulp::fuzz::PlantedBug kBug{"decode-drops-last-byte",
                                 "base64::decode loses the last byte of what it decodes"};
bool planted = false;

bool in_alphabet(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

// RFC 4648 base64: quanta of four alphabet characters, the last of which may be "ab==" or
// "abc=".
bool strict_base64(std::string_view text, std::size_t* padding) {
  *padding = 0;
  if (text.size() % 4 != 0) return false;
  if (text.ends_with("=="))
    *padding = 2;
  else if (text.ends_with("="))
    *padding = 1;
  for (std::size_t i = 0; i + *padding < text.size(); ++i)
    if (!in_alphabet(text[i])) return false;
  return true;
}

std::string openssl_decode(std::string_view text, std::size_t padding) {
  std::string out(text.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  ULP_FUZZ_CHECK(n == static_cast<int>(out.size()),
                 "OpenSSL refuses strict base64 (" << n << "): " << text.substr(0, 80));
  out.resize(out.size() - padding);  // EVP_DecodeBlock writes the padding as zero bytes
  return out;
}

std::string openssl_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  planted = ulp::fuzz::planted_bug_active("fuzz_base64", kBug);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  std::size_t padding = 0;
  const bool strict = strict_base64(input, &padding);
  std::string why;
  auto decoded = ulp::base64::decode(input, &why);
  if (planted && decoded && !decoded->empty()) decoded->pop_back();
  ULP_FUZZ_CHECK(decoded.has_value() == strict,
                 (strict ? "refuses strict base64: " + why
                         : std::string("accepts a text that is not strict base64"))
                     << " [" << input.substr(0, 80) << "]");
  if (decoded) {
    ULP_FUZZ_CHECK(*decoded == openssl_decode(input, padding), "decodes differently from OpenSSL");
    auto announced = ulp::base64::decoded_size(input);
    ULP_FUZZ_CHECK(announced && *announced == decoded->size(),
                   "decoded_size says " << (announced ? *announced : 0) << ", decoding gives "
                                        << decoded->size());
  } else {
    ULP_FUZZ_CHECK(!why.empty(), "a refusal without a reason");
  }

  const std::string encoded = ulp::base64::encode(input);
  ULP_FUZZ_CHECK(encoded == openssl_encode(input), "encodes differently from OpenSSL");
  auto round_trip = ulp::base64::decode(encoded);
  ULP_FUZZ_CHECK(round_trip && *round_trip == input, "decode(encode(bytes)) is not the bytes");
  return 0;
}
