// Verdicts name the right requirement: a run against a registry that breaks a few rules
// reports those rules, at their levels, and leaves what it could not reach NOT REACHED with
// its blocker, never FAIL.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "conformance/tests/hostile_server.hpp"
#include "conformance/tests/permissive_server.hpp"
#include "conformance/tests/process.hpp"

namespace ulp::conformance {
namespace {

using namespace ulp::conformance::testing;
using nlohmann::json;

struct Graded {
  Ran ran;
  json report;
  std::set<std::string> not_met;
  std::map<std::string, std::string> verdict, level;  // requirement -> its verdict, level
};

Graded grade(const std::string& url) {
  Graded g;
  g.report = conformance_report(
      {ULP_CONFORMANCE_BIN, "--color", "never", "--endpoint-url", url, "--no-sign-request",
       "--exclude", "slow", "--seed", "1", "--request-timeout", "10"},
      &g.ran, {"HOME=/nonexistent"});
  if (g.report.is_discarded()) return g;
  for (const auto& id : g.report["summary"]["requirements_not_met"]) g.not_met.insert(id);
  for (const auto& r : g.report["requirements"]) {
    g.verdict[r["id"]] = r["verdict"];
    g.level[r["id"]] = r["level"];
  }
  return g;
}

TEST(Attribution, AnHtml500ForEveryCallBreaksOnlyWhatItsFirstStepsCheck) {
  HostileServer server(HostileServer::Mode::html_500);
  Graded g = grade(server.url());
  ASSERT_FALSE(g.report.is_discarded()) << g.ran.output;
  EXPECT_EQ(g.ran.exit_code, 1) << g.ran.output;
  EXPECT_FALSE(g.not_met.empty()) << g.ran.output;
  // A case stops at its first broken MUST: no check after that step is judged.
  for (const auto& c : g.report["cases"]) {
    int first_must = 1 << 30, last = 0;
    for (const auto& check : c["checks"]["failed"]) {
      if (check["level"] == "MUST") first_must = std::min(first_must, check["step"].get<int>());
      last = std::max(last, check["step"].get<int>());
    }
    EXPECT_TRUE(last <= first_must || first_must == 1 << 30) << c["id"];
  }
  int unreached = 0;
  for (const auto& [id, level] : g.level) {
    if (level == "PROBE") {
      EXPECT_TRUE(g.verdict[id] == "NOT REACHED" || g.verdict[id] == "INFO" ||
                  g.verdict[id] == "NOT RUN")
          << id << " is " << g.verdict[id];
      EXPECT_FALSE(g.not_met.count(id)) << id << " is a PROBE, never 'not met'";
    }
    unreached += g.verdict[id] == "NOT REACHED";
  }
  EXPECT_GT(unreached, 10) << g.ran.output;
  EXPECT_NE(g.ran.output.find("requirements not reached: "), std::string::npos) << g.ran.output;
  EXPECT_NE(g.ran.output.find("blocked by "), std::string::npos) << g.ran.output;
}

TEST(Attribution, ARegistryThatChecksNothingIsNotBlamedForTheProtocolRulesItKeeps) {
  PermissiveServer server;
  Graded g = grade(server.url());
  ASSERT_FALSE(g.report.is_discarded()) << g.ran.output;
  EXPECT_EQ(g.ran.exit_code, 1) << g.ran.output;
  // What it breaks is reported...
  EXPECT_TRUE(g.not_met.count("ULP-RANGE-GAP")) << g.ran.output;
  EXPECT_TRUE(g.not_met.count("ULP-RANGE-OVERLAP")) << g.ran.output;
  EXPECT_TRUE(g.not_met.count("CLU-DIGEST-MISMATCH")) << g.ran.output;
  // ... and what it keeps is not: its answers have the right media type, and its errors a type.
  for (const char* kept : {"PROTO-CONTENT-TYPE", "PROTO-ERROR-TYPE"}) {
    EXPECT_FALSE(g.not_met.count(kept)) << kept << "\n" << g.ran.output;
    EXPECT_NE(g.verdict[kept], "FAIL") << kept;
  }
  for (const auto& [id, level] : g.level) {
    if (level == "PROBE") {
      EXPECT_NE(g.verdict[id], "FAIL") << id;
    }
  }
}

}  // namespace
}  // namespace ulp::conformance
