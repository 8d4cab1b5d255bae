// --jobs runs cases at once and changes nothing but the time: the same verdicts, the same
// requirement verdicts, the console's case lines in fixture order.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "conformance/tests/process.hpp"

namespace ulp::conformance {
namespace {

using namespace ulp::conformance::testing;
using nlohmann::json;

struct Outcome {
  Ran ran;
  std::vector<std::string> case_lines;       // verdict and case ID, in printed order
  std::vector<std::string> verdicts;         // case ID and verdict, in report order
  std::map<std::string, std::string> rules;  // requirement -> verdict
};

Outcome run_with_jobs(const std::string& jobs) {
  Outcome o;
  json report = conformance_report({ULP_CONFORMANCE_BIN, "--color", "never", "--limits", "small",
                                    "--exclude", "slow", "--seed", "1", "--jobs", jobs},
                                   &o.ran);
  std::istringstream lines(o.ran.output);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string verdict, id;
    words >> verdict >> id;
    if (verdict == "PASS" || verdict == "INFO" || verdict == "FAIL" || verdict == "SKIP" ||
        verdict == "ERROR" || verdict == "NON-STRICT")
      o.case_lines.push_back(verdict + " " + id);
  }
  if (report.is_discarded()) return o;
  for (const auto& c : report["cases"])
    o.verdicts.push_back(c["id"].get<std::string>() + " " + c["verdict"].get<std::string>());
  for (const auto& r : report["requirements"]) o.rules[r["id"]] = r["verdict"];
  return o;
}

TEST(Jobs, CasesAtOnceGiveASequentialRunsResultsInItsOrder) {
  Outcome one = run_with_jobs("1"), three = run_with_jobs("3");
  EXPECT_EQ(one.ran.exit_code, 0) << one.ran.output;
  EXPECT_EQ(three.ran.exit_code, 0) << three.ran.output;
  EXPECT_NE(three.ran.output.find("3 cases at once"), std::string::npos) << three.ran.output;
  EXPECT_GT(one.case_lines.size(), 100u);
  EXPECT_EQ(three.case_lines, one.case_lines);
  EXPECT_EQ(three.verdicts, one.verdicts);
  EXPECT_EQ(three.rules, one.rules);
}

}  // namespace
}  // namespace ulp::conformance
