// ulp-netfuzz's oracles on hand-made calls: what the spec expects of them, and the judgement
// of an endpoint that answers otherwise than the reference.
#include <gtest/gtest.h>

#include "core/base64.hpp"
#include "fuzz/netfuzz/expectation.hpp"
#include "fuzz/netfuzz/judgement.hpp"

namespace ulp::netfuzz {
namespace {

using nlohmann::json;

const GradingPolicy kPolicy{};  // the default: MUST fails, SHOULD NON-STRICT, PROBE INFO

Call call_of(std::string op, json body) {
  Call c;
  c.op = std::move(op);
  c.body = std::move(body);
  return c;
}

struct NetfuzzOracle : ::testing::Test {
  SessionModel session{Profile::load("small")};

  void SetUp() override {
    for (auto* b : {&session.reference_bindings, &session.endpoint_bindings}) {
      (*b)["repositoryName"] = "repo";
      (*b)["registryId"] = "123456789012";
    }
    session.repository_created("repositoryName");
    Call initiate = call_of("InitiateLayerUpload", {{"repositoryName", "${repositoryName}"}});
    initiate.saves_upload = "uploadId0";
    Response answer = Response::decode(
        200, {}, R"({"uploadId":"11111111-2222-4333-8444-555555555555","partSize":32})");
    session.apply(initiate, render(initiate, session.reference_bindings), answer, answer);
    part(0, 20);
  }

  Call part_call(std::int64_t first, std::int64_t size) {
    return call_of(
        "UploadLayerPart",
        {{"repositoryName", "${repositoryName}"},
         {"uploadId", "${uploadId0}"},
         {"partFirstByte", first},
         {"partLastByte", first + size - 1},
         {"layerPartBlob", base64::encode(std::string(static_cast<std::size_t>(size), 'x'))}});
  }

  void part(std::int64_t first, std::int64_t size) {
    Call c = part_call(first, size);
    Response answer =
        Response::decode(200, {}, json{{"lastByteReceived", first + size - 1}}.dump());
    session.apply(c, render(c, session.reference_bindings), answer, answer);
  }

  Expectation expect_of(const Call& c) {
    return expect(render(c, session.reference_bindings), session);
  }
};

TEST_F(NetfuzzOracle, TheNextPartHasNoFault) {
  EXPECT_TRUE(expect_of(part_call(20, 20)).faults.empty());
}

TEST_F(NetfuzzOracle, AGapIsRefusedWithInvalidLayerPartException) {
  Expectation x = expect_of(part_call(23, 20));
  ASSERT_NE(x.refusing_fault(), nullptr);
  EXPECT_EQ(x.refusing_fault()->requirement, "ULP-RANGE-GAP");
  EXPECT_EQ(x.allowed_errors(), std::set<std::string>{"InvalidLayerPartException"});
}

TEST_F(NetfuzzOracle, ResendingTheLastPartIsAProbe) {
  Expectation x = expect_of(part_call(0, 20));
  EXPECT_FALSE(x.acceptance_documented());
  EXPECT_EQ(x.probes().front()->requirement, "ULP-PROBE-RESEND-LAST");
}

TEST_F(NetfuzzOracle, AMissingMemberIsRefusedWithInvalidParameterException) {
  Call c = part_call(20, 20);
  c.body.erase("uploadId");
  Expectation x = expect_of(c);
  ASSERT_NE(x.refusing_fault(), nullptr);
  EXPECT_EQ(x.refusing_fault()->requirement, "VAL-REQUIRED");
}

TEST_F(NetfuzzOracle, AnEndpointAcceptingAGapDiverges) {
  Call c = part_call(23, 20);
  Request to_endpoint = render(c, session.endpoint_bindings),
          to_reference = render(c, session.reference_bindings);
  Expectation x = expect(to_reference, session);
  Headers h{{"Content-Type", "application/x-amz-json-1.1"}, {"x-amzn-RequestId", "r"}};
  Response endpoint = Response::decode(
      200, h,
      R"({"registryId":"123456789012","repositoryName":"repo","uploadId":"11111111-2222-4333-8444-555555555555","lastByteReceived":42})");
  Response reference = Response::decode(
      400, h, R"({"__type":"InvalidLayerPartException","message":"m","lastValidByteReceived":19})");
  Judgement j =
      judge({c.op, to_endpoint, to_reference, x, session, kPolicy, false}, endpoint, reference);
  ASSERT_EQ(j.findings.size(), 1u);
  EXPECT_EQ(j.findings[0].requirement, "ULP-RANGE-GAP");
  EXPECT_TRUE(j.oracle_faults.empty());
}

TEST_F(NetfuzzOracle, AWrongLastValidByteDiverges) {
  Call c = part_call(23, 20);
  Request to_endpoint = render(c, session.endpoint_bindings),
          to_reference = render(c, session.reference_bindings);
  Expectation x = expect(to_reference, session);
  Headers h{{"Content-Type", "application/x-amz-json-1.1"}, {"x-amzn-RequestId", "r"}};
  Response endpoint = Response::decode(
      400, h,
      R"({"__type":"InvalidLayerPartException","message":"m","lastValidByteReceived":20,"repositoryName":"repo","uploadId":"11111111-2222-4333-8444-555555555555"})");
  Response reference = Response::decode(
      400, h, R"({"__type":"InvalidLayerPartException","message":"m","lastValidByteReceived":19})");
  Judgement j =
      judge({c.op, to_endpoint, to_reference, x, session, kPolicy, false}, endpoint, reference);
  ASSERT_EQ(j.findings.size(), 1u);
  EXPECT_EQ(j.findings[0].requirement, "ULP-RANGE-LAST-VALID");
}

TEST(NetfuzzRender, BindsNamesInBodiesAndRawBodies) {
  Call c = call_of("InitiateLayerUpload", {{"repositoryName", "${repositoryName}"}});
  EXPECT_EQ(render(c, {{"repositoryName", "r1"}}).body, R"({"repositoryName":"r1"})");
  c.raw_body = R"({"repositoryName":"${repositoryName}", "x": "${unbound}")";
  EXPECT_EQ(render(c, {{"repositoryName", "r1"}}).body,
            R"({"repositoryName":"r1", "x": "${unbound}")");
  EXPECT_EQ(template_spans(*c.raw_body).size(), 2u);
}

}  // namespace
}  // namespace ulp::netfuzz
