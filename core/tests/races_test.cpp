#include "core/races.hpp"

#include <gtest/gtest.h>

#include "core/spec.hpp"

namespace ulp {
namespace {

Response answer(int status, std::string error = "") {
  Response r;
  r.status = status;
  r.error_type = std::move(error);
  return r;
}

TEST(RacesTest, EveryRuleNamesARequirementAndOperationsOfTheSpec) {
  ASSERT_GE(race_rules().size(), 4u);
  for (const auto& rule : race_rules()) {
    EXPECT_NE(Spec::get().requirement(rule.requirement), nullptr) << rule.requirement;
    for (const auto& op : rule.operations)
      EXPECT_NE(Spec::get().operation(op), nullptr) << rule.requirement << ": " << op;
    EXPECT_FALSE(rule.allowed.empty()) << rule.requirement;
  }
}

TEST(RacesTest, APartAgainstTheCompletionIsTakenFirstOrRefusedNeverBoth) {
  const RaceRule* rule = race_rule("LIFE-RACE-PART-COMPLETE");
  ASSERT_NE(rule, nullptr);
  EXPECT_FALSE(rule->breach({answer(200), answer(400, "InvalidLayerException")}));
  EXPECT_FALSE(rule->breach({answer(404, "UploadNotFoundException"), answer(200)}));
  auto both = rule->breach({answer(200), answer(200)});
  ASSERT_TRUE(both);
  EXPECT_NE(both->find("UploadLayerPart: success, CompleteLayerUpload: success"), std::string::npos)
      << *both;
  EXPECT_NE(both->find("LIFE-RACE-PART-COMPLETE allows"), std::string::npos) << *both;
  EXPECT_TRUE(rule->breach({answer(500, "ServerException"), answer(200)}));
  EXPECT_FALSE(rule->breach({answer(400, "InvalidLayerPartException"), answer(200)}));
  EXPECT_TRUE(rule->breach({answer(0), answer(200)}));  // no answer is no allowed outcome
}

TEST(RacesTest, OfTwoCompletionsOneSucceeds) {
  const RaceRule* rule = race_rule("LIFE-RACE-COMPLETE-TWICE");
  ASSERT_NE(rule, nullptr);
  EXPECT_FALSE(rule->breach({answer(400, "LayerAlreadyExistsException"), answer(200)}));
  EXPECT_FALSE(rule->breach({answer(200), answer(404, "UploadNotFoundException")}));
  EXPECT_TRUE(rule->breach({answer(200), answer(200)}));
  EXPECT_TRUE(rule->breach(
      {answer(404, "UploadNotFoundException"), answer(404, "UploadNotFoundException")}));
}

TEST(RacesTest, OutcomesAreNamedByErrorOrStatus) {
  EXPECT_EQ(outcome_of(answer(200)), "success");
  EXPECT_EQ(outcome_of(answer(400, "InvalidLayerPartException")), "InvalidLayerPartException");
  EXPECT_EQ(outcome_of(answer(502)), "status 502");
  EXPECT_EQ(outcome_of(answer(0)), "no answer");
  EXPECT_EQ(race_rule("ULP-RANGE-GAP"), nullptr);
}

}  // namespace
}  // namespace ulp
