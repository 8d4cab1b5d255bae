// The cost printed before a run is what the run then sends: per case, the requests --list
// announces are the requests the report counts; --max-requests stops before the first case
// that would go past it.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "conformance/tests/process.hpp"

namespace ulp::conformance {
namespace {

using namespace ulp::conformance::testing;
using nlohmann::json;

json run_report(std::vector<std::string> extra, Ran* ran) {
  std::vector<std::string> args{ULP_CONFORMANCE_BIN, "--limits", "small", "--seed", "1",
                                "--color",           "never"};
  args.insert(args.end(), extra.begin(), extra.end());
  return conformance_report(args, ran);
}

TEST(Cost, EachCaseSendsTheRequestsListedBeforeTheRun) {
  Ran listed = run({ULP_CONFORMANCE_BIN, "--limits", "small", "--list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  std::map<std::string, int> announced;
  const std::regex line(R"(^(\S+)  .*\((\d+) requests?, [0-9.]+ [kMG]B\)$)");
  std::istringstream lines(listed.output);
  for (std::string l; std::getline(lines, l);)
    if (std::smatch m; std::regex_match(l, m, line)) announced[m[1]] = std::stoi(m[2]);
  ASSERT_GT(announced.size(), 100u) << listed.output;

  Ran ran;
  json report = run_report({}, &ran);
  ASSERT_FALSE(report.is_discarded()) << ran.output;
  int total = 0;
  for (const auto& c : report["cases"]) {
    EXPECT_EQ(announced[c["id"]], c["requests"].get<int>()) << c["id"];
    total += c["requests"].get<int>();
  }
  EXPECT_NE(ran.output.find("the selection sends " + std::to_string(total) + " requests"),
            std::string::npos)
      << ran.output;
}

TEST(Cost, MaxRequestsLeavesOutTheCasesThatWouldGoPastIt) {
  Ran ran;
  json report = run_report({"--max-requests", "100"}, &ran);
  ASSERT_FALSE(report.is_discarded()) << ran.output;
  EXPECT_EQ(ran.exit_code, 0) << ran.output;
  EXPECT_LE(report["summary"]["requests"].get<int>(), 100);
  EXPECT_GT(report["summary"]["skipped"].get<int>(), 50);
  bool skipping = false;
  for (const auto& c : report["cases"]) {
    const bool left_out = c["reason"] == "not run: it would go past --max-requests 100";
    EXPECT_TRUE(!skipping || left_out) << c["id"] << ": every case after the first left out is";
    skipping = skipping || left_out;
  }
  EXPECT_TRUE(skipping);
}

}  // namespace
}  // namespace ulp::conformance
