// ulp-conformance end to end, as a user runs it: exit codes, a line per case, reports,
// reproduction, cleanup, and a hostile target graded case by case without a crash or a hang.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "conformance/tests/hostile_server.hpp"
#include "conformance/tests/process.hpp"

namespace ulp::conformance {
namespace {

using namespace ulp::conformance::testing;
namespace fs = std::filesystem;

const std::vector<std::string> kVerdictWords = {"PASS ", "FAIL ",  "NON-STRICT ", "INFO ",
                                                "SKIP ", "ERROR ", "XFAIL ",      "XPASS "};

class Runner : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("ulp-conformance-test-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }
  Ran conform(std::vector<std::string> args, const std::vector<std::string>& env = {}) {
    args.insert(args.begin(), {ULP_CONFORMANCE_BIN, "--color", "never"});
    Ran r = run(args, env);
    EXPECT_EQ(r.signal, 0) << "ulp-conformance died of signal " << r.signal << "\n" << r.output;
    return r;
  }
  nlohmann::json report(const std::string& name) {
    std::ifstream in(dir_ / name);
    return nlohmann::json::parse(in);
  }
  std::string text(const std::string& name) {
    std::ifstream in(dir_ / name);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  std::string path(const std::string& name) { return (dir_ / name).string(); }

  fs::path dir_;
};

TEST_F(Runner, ANonConformantTargetGetsFailuresWithTheWireAndAReproductionAndExit1) {
  ReferenceServer server({"--mutant", "accept-gap", "--profile", "small"});
  // Signed with made-up keys: the reference parses signatures but knows no secret.
  Ran r = conform(
      {"--endpoint-url", server.url(), "--limits", "small", "--filter", "range-*", "--report-json",
       path("r.json"), "--report-html", path("r.html"), "--report-junit", path("r.xml")},
      {"AWS_ACCESS_KEY_ID=AKIDEXAMPLEKEY12", "AWS_SECRET_ACCESS_KEY=TopSecretKey",
       "AWS_SESSION_TOKEN=SessionTokenValue", "HOME=/nonexistent"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("FAIL        range-gap"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("ULP-RANGE-GAP (MUST): expected InvalidLayerPartException, got 200"),
            std::string::npos)
      << r.output;
  const std::string resend = "resend: ulp upload-layer-part --endpoint-url " + server.url();
  const auto at = r.output.find(resend);
  ASSERT_NE(at, std::string::npos) << r.output;
  // The line works as printed: ulp sends it and shows the service's answer (the run deleted
  // its repository, so the answer is an error of the service's, exit 254, not a usage error).
  const auto from = at + std::string("resend: ").size();
  std::string line = r.output.substr(from, r.output.find('\n', from) - from);
  Ran resent = run({"/bin/sh", "-c", std::string(ULP_BIN) + line.substr(3)},
                   {"AWS_ACCESS_KEY_ID=AKIDEXAMPLEKEY12", "AWS_SECRET_ACCESS_KEY=TopSecretKey",
                    "AWS_DEFAULT_REGION=us-east-1", "HOME=/nonexistent"});
  EXPECT_EQ(resent.exit_code, 254) << line << "\n" << resent.output;
  EXPECT_NE(resent.output.find("when calling the UploadLayerPart operation"), std::string::npos)
      << resent.output;
  EXPECT_NE(r.output.find("--layer-part-blob fileb://"), std::string::npos);
  EXPECT_NE(r.output.find("rerun: tools/conform --endpoint-url " + server.url()),
            std::string::npos);
  EXPECT_NE(r.output.find("requirements not met: ULP-RANGE-FIRST-AT-ZERO (MUST) ULP-RANGE-GAP "
                          "(MUST)"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find(" passed, 4 failed, 0 skipped"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::exists(dir_ / "ulp-conformance-artifacts" / "range-gap.step3.layerPartBlob.bin"));

  nlohmann::json j = report("r.json");
  EXPECT_EQ(j["summary"]["failed"], 4);
  std::string html = text("r.html");
  EXPECT_NE(html.find("Signature=****"), std::string::npos);
  EXPECT_NE(html.find("X-Amz-Security-Token: ****"), std::string::npos);
  for (const char* secret : {"TopSecretKey", "SessionTokenValue", "AKIDEXAMPLEKEY12"}) {
    EXPECT_EQ(html.find(secret), std::string::npos) << secret;
    EXPECT_EQ(text("r.json").find(secret), std::string::npos) << secret;
    EXPECT_EQ(r.output.find(secret), std::string::npos) << secret;
  }
  EXPECT_NE(text("r.xml").find("<failure message=\"FAIL ULP-RANGE-GAP: step 3 (UploadLayerPart)"),
            std::string::npos);
}

TEST_F(Runner, AHostileTargetIsGradedCaseByCaseWithoutACrashOrAHang) {
  HostileServer hostile(HostileServer::Mode::mixed);
  // Without signatures the auth cases would be SKIP (their own test says so).
  Ran r =
      conform({"--endpoint-url", hostile.url(), "--no-sign-request", "--exclude", "auth",
               "--limits", "small", "--request-timeout", "1", "--budget", "120", "--report-json",
               path("r.json"), "--report-html", path("r.html"), "--report-junit", path("r.xml")});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  nlohmann::json j = report("r.json");
  const int total = j["summary"]["total"];
  EXPECT_GT(total, 50);
  EXPECT_EQ(count_lines_starting_with(r.output, kVerdictWords), total) << r.output;
  EXPECT_GT(j["summary"]["verdicts"]["FAIL"].get<int>(), 10);
  EXPECT_GT(j["summary"]["verdicts"]["ERROR"].get<int>(), 0);  // dropped, never answered
  EXPECT_NE(r.output.find("no answer within 1 s (--request-timeout)"), std::string::npos);
  EXPECT_NE(r.output.find("500 (72 bytes of text/html, not JSON)"), std::string::npos);
  EXPECT_NE(r.output.find(" failed, 0 skipped;"), std::string::npos);
  EXPECT_NE(text("r.html").find("Requirements × verdicts"), std::string::npos);
  EXPECT_EQ(hostile.created(), hostile.deleted()) << "every repository is deleted";
  EXPECT_EQ(r.output.find('\x1b'), std::string::npos)
      << "a target's escape sequence reached the terminal";
  EXPECT_NE(r.output.find("text/plain\\xc3("), std::string::npos) << "it is shown as text";
  EXPECT_LT(r.seconds, 90);
}

TEST_F(Runner, TheBudgetEndsARunAgainstATargetThatNeverAnswers) {
  HostileServer hostile(HostileServer::Mode::hang_everything);
  Ran r = conform({"--endpoint-url", hostile.url(), "--no-sign-request", "--limits", "small",
                   "--request-timeout", "1", "--budget", "3", "--report-json", path("r.json")});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_LT(r.seconds, 20) << r.output;
  nlohmann::json j = report("r.json");
  EXPECT_GT(j["summary"]["skipped"].get<int>(), 0);
  EXPECT_NE(r.output.find("not run: the run's budget (--budget) ran out"), std::string::npos);
  EXPECT_EQ(hostile.created(), hostile.deleted());
}

TEST_F(Runner, CtrlCStopsTheRunAndStillDeletesItsRepositories) {
  HostileServer hostile(HostileServer::Mode::hang_everything);
  Ran r = run({ULP_CONFORMANCE_BIN, "--endpoint-url", hostile.url(), "--no-sign-request",
               "--limits", "small", "--request-timeout", "30"},
              {}, 60, [&hostile](pid_t pid) {
                // Once a case has begun (its repository exists), the run is well under way.
                for (int i = 0; i < 600 && hostile.created() == 0; ++i)
                  std::this_thread::sleep_for(std::chrono::milliseconds(50));
                std::this_thread::sleep_for(std::chrono::milliseconds(300));
                kill(pid, SIGINT);
              });
  EXPECT_EQ(r.exit_code, 130) << r.output;
  EXPECT_LT(r.seconds, 10) << r.output;
  EXPECT_NE(r.output.find("interrupted (Ctrl-C)"), std::string::npos) << r.output;
  EXPECT_GE(hostile.created(), 1);
  EXPECT_EQ(hostile.created(), hostile.deleted());
}

TEST_F(Runner, ATargetThatCannotBeReachedIsExit2) {
  Ran r = conform({"--endpoint-url", "http://127.0.0.1:1", "--no-sign-request"});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("cannot reach http://127.0.0.1:1"), std::string::npos) << r.output;
}

TEST_F(Runner, UsageErrorsAreExit2) {
  Ran empty = conform({"--filter", "no-such-case-*"});
  EXPECT_EQ(empty.exit_code, 2) << empty.output;
  EXPECT_NE(empty.output.find("no case is selected by --filter no-such-case-*"), std::string::npos);
  EXPECT_EQ(conform({"--no-such-option"}).exit_code, 2);
  EXPECT_EQ(conform({"--mutant", "no-such-mutant"}).exit_code, 2);
}

TEST_F(Runner, ABrokenFixtureIsAClearErrorNamingFileAndFieldAndNothingRuns) {
  Ran r = conform({"--fixtures", ULP_TEST_DATA "/broken", "--list"});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("bad-fixture.json: steps[1].expect.error: \"UploadNotFoundExeption\" "
                          "is not an error of the model or the protocol (did you mean "
                          "\"UploadNotFoundException\"?)"),
            std::string::npos)
      << r.output;
}

TEST_F(Runner, ExpectedFailuresAreXfailAndAnUnexpectedPassIsXpass) {
  std::ofstream(dir_ / "known.txt") << "# known failures of our registry\n"
                                       "range-gap            accepts gaps (TICKET-1)\n"
                                       "range-first-part-*   accepts a first part anywhere\n"
                                       "range-consecutive-parts  was broken once\n";
  std::vector<std::string> args = {"--mutant",
                                   "accept-gap",
                                   "--limits",
                                   "small",
                                   "--filter",
                                   "range-gap",
                                   "--filter",
                                   "range-first-part-*",
                                   "--filter",
                                   "range-consecutive-parts",
                                   "--expected-failures",
                                   path("known.txt")};
  Ran r = conform(args);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("XFAIL       range-gap"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("expected to fail: accepts gaps (TICKET-1)"), std::string::npos);
  EXPECT_NE(r.output.find("XPASS       range-consecutive-parts"), std::string::npos);
  EXPECT_NE(r.output.find("take it out of the file"), std::string::npos);
  args.push_back("--strict");
  EXPECT_EQ(conform(args).exit_code, 1) << "--strict fails on an unexpected pass";
}

TEST_F(Runner, ABrokenShouldIsNonStrictAndFailsOnlyUnderStrict) {
  std::vector<std::string> args = {"--mutant", "server-error-for-client-mistake",
                                   "--limits", "small",
                                   "--filter", "proto-error-status"};
  Ran r = conform(args);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("NON-STRICT  proto-error-status"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("1 passed, 0 failed, 0 skipped"), std::string::npos) << r.output;
  args.push_back("--strict");
  Ran strict = conform(args);
  EXPECT_EQ(strict.exit_code, 1) << strict.output;
  EXPECT_NE(strict.output.find("0 passed, 1 failed, 0 skipped"), std::string::npos);
}

TEST_F(Runner, AnExistingRepositoryIsUsedAndCasesNeedingASecondOneAreSkipped) {
  ReferenceServer server({"--profile", "small", "--repository", "given-repo"});
  Ran r = conform({"--endpoint-url", server.url(), "--no-sign-request", "--limits", "small",
                   "--repository-name", "given-repo", "--filter", "life-upload-*", "--filter",
                   "resp-echo-fields"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("SKIP        life-upload-of-other-repository"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("pass --other-repository-name"), std::string::npos);
  EXPECT_NE(r.output.find("SKIP        resp-echo-fields"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("pass --registry-id"), std::string::npos);
}

TEST_F(Runner, TheAuthCasesPassOnTheVerifyingReferenceAndFailOnAnAuthMutant) {
  Ran r = conform({"--limits", "small", "--filter", "auth-*"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("12 passed, 0 failed, 0 skipped"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("credentials generated for the embedded reference"), std::string::npos)
      << r.output;
  Ran mutant = conform({"--mutant", "auth-any-region", "--limits", "small", "--filter", "auth-*"});
  EXPECT_EQ(mutant.exit_code, 1) << mutant.output;
  EXPECT_NE(mutant.output.find("FAIL        auth-other-region"), std::string::npos)
      << mutant.output;
  EXPECT_NE(mutant.output.find("AUTH-SCOPE-REGION (MUST)"), std::string::npos) << mutant.output;
}

TEST_F(Runner, WithoutSignaturesTheAuthCasesAreSkippedWithTheReason) {
  Ran r = conform({"--no-sign-request", "--limits", "small", "--filter", "auth-wrong-secret"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("SKIP        auth-wrong-secret"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("(--no-sign-request)"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace ulp::conformance
