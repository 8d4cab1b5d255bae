#include "core/pattern.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "core/spec.hpp"

namespace ulp {
namespace {

TEST(PatternTest, EveryPatternInTheModelCompiles) {
  int patterns = 0;
  for (const auto& [name, shape] : Spec::get().shapes) {
    if (!shape.regex) continue;
    ++patterns;
    EXPECT_NO_THROW(shape.regex->compiled()) << name << ": " << shape.pattern;
  }
  EXPECT_GT(patterns, 0);
}

TEST(PatternTest, MatchesTheWholeValue) {
  const Shape& name = Spec::get().shape("RepositoryName");
  ASSERT_TRUE(name.regex);
  EXPECT_TRUE(name.regex->full_match("team/app-1"));
  EXPECT_FALSE(name.regex->full_match("Team/App"));
  EXPECT_FALSE(name.regex->full_match("app!"));  // a match of "app" alone is not enough
}

TEST(PatternTest, ABadPatternIsReportedWhenFirstUsed) {
  Pattern bad("(unclosed");
  EXPECT_THROW(bad.full_match("x"), std::runtime_error);
}

}  // namespace
}  // namespace ulp
