// Throttling is retried, never graded: a target that throttles every other call gets exactly
// the reference's verdicts, and one throttled past every attempt makes the case ERROR, never
// FAIL. A 500 is an answer, graded and never retried.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "conformance/tests/process.hpp"
#include "conformance/tests/throttling_proxy.hpp"

namespace ulp::conformance {
namespace {

using namespace ulp::conformance::testing;
using nlohmann::json;
namespace fs = std::filesystem;

struct Graded {
  Ran ran;
  json report;
  std::map<std::string, std::string> cases, requirements;  // id -> verdict
};

Graded grade(const std::string& url, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{
      ULP_CONFORMANCE_BIN, "--color", "never",     "--endpoint-url", url,      "--no-sign-request",
      "--limits",          "small",   "--exclude", "slow",           "--seed", "1"};
  args.insert(args.end(), extra.begin(), extra.end());
  Graded g;
  g.report = conformance_report(args, &g.ran, {"HOME=/nonexistent"});
  if (g.report.is_discarded()) return g;
  for (const auto& c : g.report["cases"]) g.cases[c["id"]] = c["verdict"];
  for (const auto& r : g.report["requirements"]) g.requirements[r["id"]] = r["verdict"];
  return g;
}

TEST(Retry, ATargetThatThrottlesEveryOtherCallGetsTheReferencesVerdicts) {
  ReferenceServer reference({"--profile", "small"});
  // The oversize body is refused unread by the reference: a proxy cannot pass it on.
  Graded plain = grade(reference.url(), {"--exclude", "proto-oversize-body"});
  ASSERT_FALSE(plain.report.is_discarded()) << plain.ran.output;
  ThrottlingProxy proxy(reference.url(), ThrottlingProxy::Mode::throttle);
  Graded throttled =
      grade(proxy.url(), {"--exclude", "proto-oversize-body", "--max-backoff", "0.01"});
  ASSERT_FALSE(throttled.report.is_discarded()) << throttled.ran.output;
  EXPECT_EQ(throttled.ran.exit_code, plain.ran.exit_code) << throttled.ran.output;
  for (const auto& [id, verdict] : plain.cases) EXPECT_EQ(throttled.cases[id], verdict) << id;
  for (const auto& [id, verdict] : plain.requirements)
    EXPECT_EQ(throttled.requirements[id], verdict) << id;
  EXPECT_GT(proxy.refused(), 100);
  // Each refused call was sent again; the first, the run's first contact, is in no case.
  EXPECT_EQ(throttled.report["summary"]["retries"].get<int>() + 1, proxy.refused());
  EXPECT_EQ(plain.report["summary"]["retries"], 0);
  EXPECT_NE(throttled.ran.output.find(" retries"), std::string::npos) << throttled.ran.output;
}

TEST(Retry, ThrottlingPastTheLastAttemptIsAnErrorNeverAFailure) {
  ReferenceServer reference({"--profile", "small"});
  ThrottlingProxy proxy(reference.url(), ThrottlingProxy::Mode::throttle);
  Graded g = grade(proxy.url(), {"--max-attempts", "1", "--filter", "range-*"});
  ASSERT_FALSE(g.report.is_discarded()) << g.ran.output;
  EXPECT_EQ(g.ran.exit_code, 1) << g.ran.output;
  int errors = 0;
  for (const auto& [id, verdict] : g.cases) {
    EXPECT_NE(verdict, "FAIL") << id;
    errors += verdict == "ERROR";
  }
  EXPECT_GT(errors, 0);
  EXPECT_NE(g.ran.output.find("still throttled after 1 attempt (ThrottlingException)"),
            std::string::npos)
      << g.ran.output;
  EXPECT_TRUE(g.report["summary"]["requirements_not_met"].empty()) << g.ran.output;
}

TEST(Retry, A500IsAnAnswerGradedAndNeverRetried) {
  ReferenceServer reference({"--profile", "small"});
  ThrottlingProxy proxy(reference.url(), ThrottlingProxy::Mode::server_error);
  Graded g = grade(proxy.url(), {"--max-backoff", "0.01"});
  ASSERT_FALSE(g.report.is_discarded()) << g.ran.output;
  EXPECT_EQ(g.ran.exit_code, 1) << g.ran.output;
  EXPECT_EQ(g.report["summary"]["retries"], 0);
  int failed = 0;
  for (const auto& [id, verdict] : g.cases) failed += verdict == "FAIL";
  EXPECT_GT(failed, 0) << g.ran.output;
}

// The throttling reference (ulp-reference-server --rates) as a target: the run retries what it
// throttles, with backoff, and grades the reference exactly as it grades it unthrottled.
TEST(Retry, TheThrottlingReferenceIsGradedAsTheReference) {
  fs::path rates = fs::temp_directory_path() / ("ulp-rates-" + std::to_string(getpid()) + ".json");
  std::ofstream(rates)
      << R"({"requestsPerSecond": {"InitiateLayerUpload": 20, "UploadLayerPart": 20,
                                                   "CompleteLayerUpload": 10}})";
  ReferenceServer reference({"--profile", "small", "--rates", rates.string()});
  Graded g = grade(reference.url(), {"--filter", "range-*", "--filter", "clu-*", "--max-attempts",
                                     "10", "--max-backoff", "0.5"});
  fs::remove(rates);
  ASSERT_FALSE(g.report.is_discarded()) << g.ran.output;
  EXPECT_EQ(g.ran.exit_code, 0) << g.ran.output;
  EXPECT_GT(g.report["summary"]["retries"].get<int>(), 0) << g.ran.output;
  for (const auto& [id, verdict] : g.cases) EXPECT_NE(verdict, "ERROR") << id;
}

}  // namespace
}  // namespace ulp::conformance
