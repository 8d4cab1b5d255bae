// The sweep's verdict: a mutant not caught by a check of what it declares, or a check of a
// requirement it does not declare, fails it, unless that false attribution is listed as known.
#include "conformance/mutant_sweep.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace ulp::conformance {
namespace {

MutantOutcome caught_by(std::vector<std::string> declared, std::set<std::string> reported) {
  MutantOutcome m;
  m.name = "accept-gap";
  m.declared = std::move(declared);
  m.reported = std::move(reported);
  return m;
}

TEST(MutantSweep, AMutantCaughtOnlyByWhatItDeclaresPasses) {
  SweepResult r;
  r.mutants = {caught_by({"ULP-RANGE-GAP"}, {"ULP-RANGE-GAP"})};
  EXPECT_TRUE(r.ok());
  EXPECT_NE(format_sweep(r).find("recall 1/1 (100.0%), precision 1/1 (100.0%)"), std::string::npos)
      << format_sweep(r);
}

TEST(MutantSweep, AMutantCaughtByAnotherRequirementAloneIsNotCaught) {
  SweepResult r;
  r.mutants = {caught_by({"ULP-RANGE-GAP"}, {"PROTO-CONTENT-TYPE"})};
  r.mutants[0].false_attributions = {"PROTO-CONTENT-TYPE (proto-content-type step 3: ...)"};
  EXPECT_FALSE(r.mutants[0].caught());
  EXPECT_FALSE(r.ok());
  EXPECT_NE(format_sweep(r).find("recall 0/1 (0.0%), precision 0/1 (0.0%)"), std::string::npos)
      << format_sweep(r);
}

TEST(MutantSweep, AFalseAttributionFailsUnlessKnown) {
  SweepResult r;
  r.mutants = {caught_by({"ULP-RANGE-GAP"}, {"ULP-RANGE-GAP", "ULP-RANGE-LAST-VALID"})};
  r.mutants[0].false_attributions = {"ULP-RANGE-LAST-VALID (range-gap step 3: ...)"};
  EXPECT_FALSE(r.ok());
  r.mutants[0].known_false_attributions = r.mutants[0].false_attributions;
  r.mutants[0].false_attributions.clear();
  EXPECT_TRUE(r.ok());
  EXPECT_NE(format_sweep(r).find("precision 1/2 (50.0%); false attributions: 0 new, 1 known"),
            std::string::npos)
      << format_sweep(r);
}

TEST(MutantSweep, TheReferenceBreakingACheckFails) {
  SweepResult r;
  r.reference_failures = {"ULP-RANGE-GAP (range-gap step 3: ...)"};
  EXPECT_FALSE(r.ok());
}

std::string written(const std::string& text) {
  std::string path = ::testing::TempDir() + "known-false-attributions.txt";
  std::ofstream(path) << text;
  return path;
}

TEST(MutantSweep, KnownFalseAttributionsAreReadByMutantRequirementAndCase) {
  std::string error;
  auto known = read_known_false_attributions(
      written("# comment\n\naccept-gap ULP-RANGE-LAST-VALID range-gap  judged on a success\n"),
      &error);
  EXPECT_EQ(error, "");
  ASSERT_EQ(known.size(), 1u);
  EXPECT_EQ(known.begin()->first, "accept-gap ULP-RANGE-LAST-VALID range-gap");
  EXPECT_EQ(known.begin()->second, "judged on a success");
}

TEST(MutantSweep, AKnownFalseAttributionOfAnUnknownMutantOrWithoutAReasonIsAnError) {
  for (const char* line :
       {"no-such-mutant ULP-RANGE-GAP range-gap why\n",
        "accept-gap NO-SUCH-REQUIREMENT range-gap why\n", "accept-gap ULP-RANGE-GAP range-gap\n"}) {
    std::string error;
    read_known_false_attributions(written(line), &error);
    EXPECT_NE(error.find(":1: expected MUTANT REQUIREMENT CASE-ID"), std::string::npos)
        << line << error;
  }
}

}  // namespace
}  // namespace ulp::conformance
