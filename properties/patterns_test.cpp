// The generators' own property: every string generated for a pattern of the model matches
// it, as the reference's validation (RE2) reads it. The field generators (field_values.hpp)
// build on these strings.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "core/spec.hpp"
#include "properties/pattern.hpp"
#include "properties/property_check.hpp"

namespace ulp::properties {
namespace {

TEST(Patterns, GeneratedStringsMatchTheModel) {
  std::vector<const Shape*> patterned;
  for (const auto& [name, shape] : Spec::get().shapes)
    if (!shape.pattern.empty()) patterned.push_back(&shape);
  ASSERT_FALSE(patterned.empty());
  check_property("Patterns.GeneratedStringsMatchTheModel", [patterned] {
    const Shape& shape = **rc::gen::elementOf(patterned);
    const std::string value = *rc::gen::resize(rc::kNominalSize, matching(shape.pattern));
    if (!shape.regex->full_match(value))
      RC_FAIL(shape.name + ": '" + value + "' does not match " + shape.pattern);
  });
}

}  // namespace
}  // namespace ulp::properties
