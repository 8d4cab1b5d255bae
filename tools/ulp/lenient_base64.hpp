// Base64 decoding as Python's base64.b64decode() does it, which the aws CLI applies to blob
// values typed on the line or read with file:// (under --cli-binary-format base64):
// characters outside the alphabet are skipped, and the input ends at the first complete
// padding. core/base64.hpp is strict, as a server must be; a client must accept what the
// aws CLI accepts.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ulp::cli {

// The bytes, or nullopt where Python raises binascii.Error ("Incorrect padding", ...).
std::optional<std::string> python_b64decode(std::string_view text);

}  // namespace ulp::cli
