# Writes OUT: a C++ source defining `std::string_view ulp::cli::FUNCTION()` that returns the
# content of IN, so the ulp binary carries its data file. Run with cmake -P.
file(READ ${IN} content)
file(WRITE ${OUT} "// Generated from ${IN} by tools/ulp/embed_text.cmake; do not edit.
#include <string_view>

namespace ulp::cli {
std::string_view ${FUNCTION}() {
  static constexpr std::string_view text = R\"ulp_embedded(${content})ulp_embedded\";
  return text;
}
}  // namespace ulp::cli
")
