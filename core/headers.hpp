// HTTP header fields as the drivers, the reference and HttpTarget hold them: a multimap whose
// names compare without regard to ASCII case, as HTTP's do (RFC 9110 section 5.1).
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace ulp {

struct HeaderNameLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const;
};

using Headers = std::multimap<std::string, std::string, HeaderNameLess>;

}  // namespace ulp
