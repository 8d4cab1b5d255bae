// The crash test's oracle (reference/tests/crash/oracle.hpp): which positions a resumed
// upload may report, and what a completion after a lost answer may say.
#include <gtest/gtest.h>

#include "reference/tests/crash/oracle.hpp"

namespace ulp::crash {
namespace {

Response answer(int status, const std::string& body) {
  Headers headers{{"Content-Type", "application/x-amz-json-1.1"}};
  return Response::decode(status, headers, body);
}

Response refused_at(std::int64_t last_valid) {
  return answer(400, R"({"__type":"InvalidLayerPartException","message":"m",)"
                     R"("lastValidByteReceived":)" +
                         std::to_string(last_valid) + "}");
}

TEST(CrashOracle, AnAcceptedPartMovesToItsEnd) {
  auto v = judge_part({100, 50, false}, answer(200, R"({"lastByteReceived":149})"));
  ASSERT_TRUE(v.position) << v.violation;
  EXPECT_EQ(*v.position, 150);
}

TEST(CrashOracle, AnAcceptedPartWithAnotherLastByteIsAViolation) {
  auto v = judge_part({100, 50, false}, answer(200, R"({"lastByteReceived":150})"));
  EXPECT_FALSE(v.position);
  EXPECT_NE(v.violation.find("expected lastByteReceived 149"), std::string::npos) << v.violation;
}

TEST(CrashOracle, ARefusalAfterALostAnswerMayShowThePartDurable) {
  auto v = judge_part({100, 50, true}, refused_at(149));
  ASSERT_TRUE(v.position) << v.violation;
  EXPECT_EQ(*v.position, 150);
}

TEST(CrashOracle, ARefusalWithNoLostAnswerIsAViolation) {
  // ack-before-durable: the server lost the part it acknowledged.
  auto v = judge_part({100, 50, false}, refused_at(59));
  EXPECT_FALSE(v.position);
  EXPECT_NE(v.violation.find("resumed at byte 60"), std::string::npos) << v.violation;
}

TEST(CrashOracle, OnlyTheWholePartInFlightMayHaveBecomeDurable) {
  // recovery-keeps-tail: a part cut by the kill left some of its bytes.
  EXPECT_FALSE(judge_part({100, 50, true}, refused_at(120)).position);
  EXPECT_FALSE(judge_part({100, 50, true}, refused_at(59)).position);
  EXPECT_FALSE(judge_part({100, 50, true}, refused_at(150)).position);
}

TEST(CrashOracle, AnUploadThatLostEveryByteIsAViolation) {
  auto v = judge_part({100, 50, true},
                      answer(400, R"({"__type":"InvalidLayerPartException","message":"m"})"));
  EXPECT_FALSE(v.position);
  EXPECT_NE(v.violation.find("resumed at byte 0 (lastValidByteReceived absent)"), std::string::npos)
      << v.violation;
}

TEST(CrashOracle, ARefusalAtThePositionItReportsIsAViolation) {
  auto v = judge_part({100, 50, true}, refused_at(99));
  EXPECT_FALSE(v.position);
  EXPECT_NE(v.violation.find("expects byte 100"), std::string::npos) << v.violation;
}

TEST(CrashOracle, AnUploadNeverDisappearsUncompleted) {
  auto v = judge_part({100, 50, true},
                      answer(400, R"({"__type":"UploadNotFoundException","message":"m"})"));
  EXPECT_FALSE(v.position);
  EXPECT_NE(v.violation.find("disappeared"), std::string::npos) << v.violation;
}

TEST(CrashOracle, AServerErrorIsAViolation) {
  EXPECT_FALSE(
      judge_part({0, 50, false}, answer(500, R"({"__type":"ServerException","message":"m"})"))
          .position);
}

TEST(CrashOracle, ACompletionMustNameTheClientsDigest) {
  const std::string digest = "sha256:" + std::string(64, 'a');
  EXPECT_EQ(
      judge_completion(digest, false, answer(200, R"({"layerDigest":")" + digest + "\"}")).kind,
      CompletionVerdict::completed);
  EXPECT_EQ(
      judge_completion(digest, false,
                       answer(200, R"({"layerDigest":"sha256:)" + std::string(64, 'b') + "\"}"))
          .kind,
      CompletionVerdict::violation);
  auto corrupt = judge_completion(
      digest, true, answer(400, R"({"__type":"InvalidLayerException","message":"m"})"));
  EXPECT_EQ(corrupt.kind, CompletionVerdict::violation);
  EXPECT_NE(corrupt.text.find("corruption"), std::string::npos) << corrupt.text;
}

TEST(CrashOracle, AGoneUploadIsACompletionOnlyAfterALostAnswer) {
  const std::string digest = "sha256:" + std::string(64, 'a');
  const Response gone = answer(400, R"({"__type":"UploadNotFoundException","message":"m"})");
  EXPECT_EQ(judge_completion(digest, true, gone).kind, CompletionVerdict::check_availability);
  EXPECT_EQ(judge_completion(digest, false, gone).kind, CompletionVerdict::violation);
}

TEST(CrashOracle, AvailabilityNeedsTheLayerWithItsSize) {
  const std::string digest = "sha256:" + std::string(64, 'a');
  auto listing = [&](const std::string& availability, int size) {
    return answer(200, R"({"layers":[{"layerDigest":")" + digest + R"(","layerAvailability":")" +
                           availability + R"(","layerSize":)" + std::to_string(size) +
                           R"(}],"failures":[]})");
  };
  EXPECT_FALSE(judge_availability(digest, 10, listing("AVAILABLE", 10)));
  EXPECT_TRUE(judge_availability(digest, 10, listing("AVAILABLE", 11)));
  EXPECT_TRUE(judge_availability(digest, 10, listing("UNAVAILABLE", 10)));
  EXPECT_TRUE(
      judge_availability(digest, 10,
                         answer(200, R"({"layers":[],"failures":[{"layerDigest":")" + digest +
                                         R"(","failureCode":"MissingLayerDigest"}]})")));
  EXPECT_TRUE(judge_availability(digest, 10, answer(200, R"({"layers":[{"layerDigest":5}]})")));
}

}  // namespace
}  // namespace ulp::crash
