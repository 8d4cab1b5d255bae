// The escaping the HTML and JUnit reports share.
#include "conformance/markup.hpp"

#include <gtest/gtest.h>

namespace ulp::conformance {
namespace {

TEST(Markup, EscapesWhatMeansMarkupAndKeepsTheRest) {
  EXPECT_EQ(escape_markup(R"(<a href="x">&amp;</a> 'ok')"
                          "\n\t\xc3\xa9"),
            "&lt;a href=&quot;x&quot;&gt;&amp;amp;&lt;/a&gt; 'ok'\n\t\xc3\xa9");
  EXPECT_EQ(escape_markup(""), "");
}

}  // namespace
}  // namespace ulp::conformance
