#include "load/report.hpp"

#include <gtest/gtest.h>

namespace ulp::load {
namespace {

Options options() {
  Options o;
  o.clients = 4;
  o.limits = "small";
  o.layer_bytes = {1, 96};
  o.part_bytes = {16, 32};
  o.seed = 3;
  return o;
}

Outcome outcome() {
  Outcome out;
  out.target = "http://127.0.0.1:1";
  out.seconds = 2;
  out.layers = 10;
  out.layer_bytes = 4'000'000;
  out.pushers = 3;
  out.racers = 1;
  Response ok;
  ok.status = 200;
  for (int i = 1; i <= 100; ++i) out.stats.record("UploadLayerPart", ok, i / 1000.0);
  out.stats.errors["UploadLayerPart"]["InvalidLayerPartException"] = 2;
  out.findings.races["LIFE-RACE"]["success, InvalidLayerPartException"] = 5;
  return out;
}

TEST(Report, ThroughputLatencyRacesAndAPassingVerdict) {
  const Outcome out = outcome();
  const Grading g = grade_findings(out.findings, GradingPolicy{});
  const auto r = report_json(options(), out, g);
  EXPECT_DOUBLE_EQ(r["throughput"]["megabytesPerSecond"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(r["throughput"]["requestsPerSecond"].get<double>(), 50.0);
  EXPECT_DOUBLE_EQ(r["latency"]["UploadLayerPart"]["p99Ms"].get<double>(), 99.0);
  EXPECT_EQ(r["latency"]["UploadLayerPart"]["count"], 100);
  EXPECT_EQ(r["errors"]["UploadLayerPart"]["InvalidLayerPartException"], 2);
  EXPECT_EQ(r["races"]["LIFE-RACE"]["success, InvalidLayerPartException"], 5);
  EXPECT_EQ(r["verdict"], "PASS");
  EXPECT_TRUE(r["passed"].get<bool>());
  const std::string text = report_text(r);
  EXPECT_NE(text.find("throughput: 2.0 MB/s of layer bytes, 50.0 requests/s"), std::string::npos)
      << text;
  EXPECT_NE(text.find("violations: none"), std::string::npos) << text;
  EXPECT_NE(text.find("lost or corrupted bytes: 0"), std::string::npos) << text;
  EXPECT_NE(text.find("verdict: PASS\n"), std::string::npos) << text;
}

TEST(Report, ViolationsAreGradedByLevel) {
  Outcome out = outcome();
  out.findings.add("LIFE-RACE", "both accepted");
  out.findings.add("LIFE-RACE", "again");
  out.findings.add("LIFE-PROBE-DELETE-RACE", "probe answer");
  Grading g = grade_findings(out.findings, GradingPolicy{});
  auto r = report_json(options(), out, g);
  EXPECT_EQ(r["verdict"], "NON-STRICT");
  EXPECT_TRUE(r["passed"].get<bool>());  // a SHOULD fails only under --strict
  ASSERT_EQ(r["violations"].size(), 2u);
  EXPECT_EQ(r["violations"][0]["requirement"], "LIFE-PROBE-DELETE-RACE");
  EXPECT_EQ(r["violations"][0]["verdict"], "INFO");
  EXPECT_EQ(r["violations"][1]["level"], "SHOULD");
  EXPECT_EQ(r["violations"][1]["count"], 2);
  EXPECT_EQ(r["violations"][1]["example"], "both accepted");

  GradingPolicy strict;
  strict.strict = true;
  EXPECT_TRUE(grade_findings(out.findings, strict).fails);

  out.findings.add("ULP-RANGE-NO-LOSS", "digest differs");
  out.findings.lost_bytes = 32;
  g = grade_findings(out.findings, GradingPolicy{});
  r = report_json(options(), out, g);
  EXPECT_EQ(r["verdict"], "FAIL");
  EXPECT_FALSE(r["passed"].get<bool>());
  const std::string text = report_text(r);
  EXPECT_NE(text.find("FAIL        ULP-RANGE-NO-LOSS"), std::string::npos) << text;
  EXPECT_NE(text.find("lost or corrupted bytes: 32"), std::string::npos) << text;
  EXPECT_NE(text.find("(the run fails)"), std::string::npos) << text;
}

}  // namespace
}  // namespace ulp::load
