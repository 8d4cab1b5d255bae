// Text put into the HTML and JUnit XML reports: the characters that mean markup there, as
// entities; and the look the HTML pages share.
#pragma once

#include <string>
#include <string_view>

namespace ulp::conformance {

// '<', '>', '&' and '"' as &lt; &gt; &amp; &quot;; everything else as it is.
std::string escape_markup(std::string_view text);

// The CSS class of a verdict ("NOT REACHED" -> "not-reached"), styled by html_report_style().
std::string verdict_css_class(std::string_view verdict);
// The style sheet of the HTML pages: the run report and the comparison of endpoints.
const char* html_report_style();

}  // namespace ulp::conformance
