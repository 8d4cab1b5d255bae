// Text put into the HTML and JUnit XML reports: the characters that mean markup there, as
// entities.
#pragma once

#include <string>
#include <string_view>

namespace ulp::conformance {

// '<', '>', '&' and '"' as &lt; &gt; &amp; &quot;; everything else as it is.
std::string escape_markup(std::string_view text);

}  // namespace ulp::conformance
