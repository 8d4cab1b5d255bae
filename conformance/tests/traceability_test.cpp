// The traceability check fails when a requirement has no case, an expectation names no
// requirement, or a case names a requirement that spec/ does not have; the suite's own fixtures
// pass it.
#include "conformance/traceability.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace ulp::conformance {
namespace {

TEST(Traceability, EveryRequirementHasACaseAndEveryCaseAKnownRequirement) {
  std::ifstream in(ULP_SOURCE_DIR "/spec/fixture.schema.json");
  Fixtures f = load_fixtures({ULP_SOURCE_DIR "/fixtures/conformance"},
                             JsonSchema(nlohmann::json::parse(in)));
  ASSERT_TRUE(f.errors.empty()) << f.errors[0].text();
  Traceability t = trace(f.cases);
  EXPECT_TRUE(t.problems.empty()) << format_traceability(t);
}

Case case_of(const std::string& id, const std::vector<std::string>& requirements) {
  Case c;
  c.id = c.fixture_id = id;
  c.requirements = requirements;
  return c;
}

TEST(Traceability, ARequirementWithoutACaseIsAProblem) {
  std::vector<Requirement> spec = {{"A-MUST", "MUST", "", "", "", "", {}},
                                   {"B-SHOULD", "SHOULD", "", "", "", "", {}},
                                   {"C-PROBE", "PROBE", "", "", "", "", {}}};
  Traceability t = trace({case_of("covers-a", {"A-MUST"})}, spec);
  ASSERT_EQ(t.problems.size(), 2u) << format_traceability(t);
  EXPECT_NE(t.problems[0].find("B-SHOULD (SHOULD) has no case"), std::string::npos);
  EXPECT_NE(t.problems[1].find("C-PROBE (PROBE) has no case to record its answer"),
            std::string::npos);
}

TEST(Traceability, AnExpectationWithoutARequirementIsAProblem) {
  std::vector<Requirement> spec = {{"A-MUST", "MUST", "", "", "", "", {}}};
  Case c = case_of("covers-a", {"A-MUST"});
  c.steps.resize(1);
  c.steps[0].expect = {Expectation{}, Expectation{}};
  c.steps[0].expect[0].requirement = "A-MUST";
  c.steps[0].expect[1].where = "steps[0].expect[1]";
  Traceability t = trace({c}, spec);
  ASSERT_EQ(t.problems.size(), 1u) << format_traceability(t);
  EXPECT_NE(t.problems[0].find("steps[0].expect[1] names no requirement"), std::string::npos);
}

TEST(Traceability, ACaseNamingAnUnknownRequirementIsAProblem) {
  std::vector<Requirement> spec = {{"A-MUST", "MUST", "", "", "", "", {}}};
  Traceability t = trace({case_of("covers-a", {"A-MUST", "NO-SUCH-REQUIREMENT"})}, spec);
  ASSERT_EQ(t.problems.size(), 1u) << format_traceability(t);
  EXPECT_NE(t.problems[0].find("names NO-SUCH-REQUIREMENT"), std::string::npos);
}

}  // namespace
}  // namespace ulp::conformance
