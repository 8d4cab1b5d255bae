// Base64 (RFC 4648, standard alphabet, padded), as AWS JSON 1.1 carries blobs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ulp::base64 {

std::string encode(std::string_view bytes);
// Appends the encoding to out, with no temporary: a part is megabytes.
void encode_append(std::string_view bytes, std::string& out);

// Strict decoding: length a multiple of 4, only the standard alphabet, '=' only as the last
// one or two characters, no whitespace. Returns nullopt and the reason otherwise.
std::optional<std::string> decode(std::string_view text, std::string* why = nullptr);

// Decodes `text` (a multiple of 4 characters, no padding) into out[0 .. text.size() / 4 * 3),
// for decoding a blob as it arrives. False when the length is not a multiple of 4 or a
// character is outside the alphabet ('=' included); out is then undefined.
bool decode_unpadded(std::string_view text, char* out);

// The decoded size of a well-formed text, without decoding; nullopt when the length is not.
std::optional<std::size_t> decoded_size(std::string_view text);

}  // namespace ulp::base64
