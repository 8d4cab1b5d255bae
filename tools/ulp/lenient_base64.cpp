#include "tools/ulp/lenient_base64.hpp"

namespace ulp::cli {

namespace {
int value_of(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}
}  // namespace

std::optional<std::string> python_b64decode(std::string_view text) {
  // CPython's binascii.a2b_base64 in its default (non-strict) mode.
  std::string out;
  out.reserve(text.size() / 4 * 3 + 3);
  int quad_pos = 0, pads = 0;
  unsigned left = 0;
  for (unsigned char c : text) {
    if (c == '=') {
      if (quad_pos >= 2 && quad_pos + ++pads >= 4) return out;  // the data ends here
      continue;
    }
    const int v = value_of(c);
    if (v < 0) continue;
    pads = 0;
    switch (quad_pos) {
      case 0:
        quad_pos = 1;
        left = static_cast<unsigned>(v);
        break;
      case 1:
        quad_pos = 2;
        out += static_cast<char>((left << 2) | (static_cast<unsigned>(v) >> 4));
        left = static_cast<unsigned>(v) & 0x0f;
        break;
      case 2:
        quad_pos = 3;
        out += static_cast<char>((left << 4) | (static_cast<unsigned>(v) >> 2));
        left = static_cast<unsigned>(v) & 0x03;
        break;
      default:
        quad_pos = 0;
        out += static_cast<char>((left << 6) | static_cast<unsigned>(v));
        left = 0;
        break;
    }
  }
  if (quad_pos != 0) return std::nullopt;  // "Incorrect padding" or one character too many
  return out;
}

}  // namespace ulp::cli
