// ulp-netfuzz names the one requirement an answer breaks: a number beyond 64 bits in an
// unknown member is VAL-PROBE-UNKNOWN-MEMBER (a PROBE), not VAL-TYPES; a PROBE answer is
// attributed to the point of the request that caused it; and against a correct target that
// ignores unknown members no MUST or SHOULD divergence is reported.
#include <gtest/gtest.h>

#include <memory>

#include "core/spec.hpp"
#include "fuzz/netfuzz/expectation.hpp"
#include "fuzz/netfuzz/judgement.hpp"
#include "fuzz/netfuzz/runner.hpp"
#include "reference/engine.hpp"
#include "reference/handler.hpp"
#include "reference/in_process_target.hpp"

namespace ulp::netfuzz {
namespace {

using nlohmann::json;

const GradingPolicy kDefault{};
const std::string kHugeNumber = "123456789012345678901234567890";

SessionModel one_repository() {
  SessionModel session{Profile::load("small")};
  for (auto* b : {&session.reference_bindings, &session.endpoint_bindings}) {
    (*b)["repositoryName"] = "repo";
    (*b)["registryId"] = "123456789012";
  }
  session.repository_created("repositoryName");
  return session;
}

TEST(NetfuzzAttribution, AHugeNumberInAnUnknownMemberIsThatMembersProbe) {
  SessionModel session = one_repository();
  Call c;
  c.op = "InitiateLayerUpload";
  c.raw_body = R"({"repositoryName":"${repositoryName}","ulpNumber":)" + kHugeNumber + "}";
  const Request sent = render(c, session.reference_bindings);
  const Expectation x = expect(sent, session);
  ASSERT_FALSE(x.faults.empty());
  for (const auto& f : x.faults) EXPECT_EQ(f.requirement, "VAL-PROBE-UNKNOWN-MEMBER");
  // The endpoint ignores the member; the reference refuses the body: recorded, not failed.
  const Response accepted = Response::decode(
      200, {{"Content-Type", "application/x-amz-json-1.1"}, {"x-amzn-RequestId", "1"}},
      R"({"uploadId":"11111111-2222-4333-8444-555555555555","partSize":32,)"
      R"("registryId":"123456789012","repositoryName":"repo"})");
  const Response refused = Response::decode(
      400, {{"Content-Type", "application/x-amz-json-1.1"}, {"x-amzn-RequestId", "2"}},
      R"({"__type":"SerializationException","message":"no"})");
  Judgement j = judge({c.op, sent, sent, x, session, kDefault, false}, accepted, refused);
  EXPECT_TRUE(j.findings.empty()) << j.findings.front().requirement;
  ASSERT_EQ(j.notes.size(), 1u);
  EXPECT_EQ(j.notes[0].requirement, "VAL-PROBE-UNKNOWN-MEMBER");
  EXPECT_EQ(j.notes[0].verdict, ulp::Verdict::info);
  // Under --match-reference-probes the same answer is a divergence that fails the run.
  const GradingPolicy probes{false, true};
  Judgement strict = judge({c.op, sent, sent, x, session, probes, false}, accepted, refused);
  EXPECT_TRUE(fails_run(strict, probes));
}

TEST(NetfuzzAttribution, AnErrorCausedByTheContentTypeIsTheContentTypesProbe) {
  SessionModel session = one_repository();
  Call initiate;
  initiate.op = "InitiateLayerUpload";
  initiate.body = {{"repositoryName", "${repositoryName}"}};
  initiate.saves_upload = "uploadId0";
  Response opened =
      Response::decode(200, {}, R"({"uploadId":"11111111-2222-4333-8444-555555555555"})");
  session.apply(initiate, render(initiate, session.reference_bindings), opened, opened);
  Call c;
  c.op = "CompleteLayerUpload";
  c.body = {{"repositoryName", "${repositoryName}"},
            {"uploadId", "${uploadId0}"},
            {"layerDigests", {"sha256:" + std::string(64, 'a'), "sha256:" + std::string(64, 'b')}}};
  c.headers = {{"Content-Type", "text/plain"}};
  const Request sent = render(c, session.reference_bindings);
  const Expectation x = expect(sent, session);
  auto error = [](const std::string& type) {
    return Response::decode(
        400, {{"Content-Type", "application/x-amz-json-1.1"}, {"x-amzn-RequestId", "1"}},
        json{{"__type", type}, {"message", "no"}}.dump());
  };
  Judgement j = judge({c.op, sent, sent, x, session, kDefault, false},
                      error("EmptyUploadException"), error("UnsupportedMediaTypeException"));
  for (const auto& f : j.findings) ADD_FAILURE() << f.requirement << ": " << f.what;
  ASSERT_EQ(j.notes.size(), 1u);
  EXPECT_EQ(j.notes[0].requirement, "PROTO-PROBE-CONTENT-TYPE-REQUEST");
}

// The reference, except that it ignores members its operations do not have, whatever they
// hold: a correct target, as the spec leaves unknown members open.
class IgnoresUnknownMembers : public Target {
 public:
  IgnoresUnknownMembers() {
    reference::EngineOptions options;
    options.profile = Profile::load("small");
    options.in_memory = true;
    engine_ = std::make_unique<reference::Engine>(options);
    handler_ = std::make_unique<reference::Handler>(*engine_);
    inner_ = std::make_unique<reference::InProcessTarget>(*handler_);
  }
  Response send(const Request& request) override {
    Request r = request;
    const Operation* op = Spec::get().operation(r.operation);
    json body = json::parse(r.body, nullptr, false);
    if (op && body.is_object()) {
      json known = json::object();
      for (const auto& [member, value] : body.items())
        if (Spec::get().shape(op->input).member_shape(member)) known[member] = value;
      r.body = known.dump();
    }
    return inner_->send(r);
  }
  std::string describe() const override { return "reference ignoring unknown members"; }

 private:
  std::unique_ptr<reference::Engine> engine_;
  std::unique_ptr<reference::Handler> handler_;
  std::unique_ptr<reference::InProcessTarget> inner_;
};

TEST(NetfuzzAttribution, ATargetIgnoringUnknownMembersHasNoMustOrShouldDivergence) {
  IgnoresUnknownMembers target;
  RunOptions options;
  options.profile = Profile::load("small");
  options.mutation_percent = 50;
  options.repository_prefix = "attribution";
  Pacing pacing(0, 60);
  Runner runner(target, options, pacing);
  int unknown_member_notes = 0;
  for (int i = 0; i < 300; ++i) {
    RunRecord run = runner.generated(i, 1000 + static_cast<std::uint64_t>(i));
    for (const Step& s : run.steps) {
      for (const auto& f : s.judgement.findings)
        ADD_FAILURE() << "run " << i << ": " << f.requirement << " (" << level_name(f.level)
                      << "): " << f.what << "\n  request: " << s.to_endpoint.body.substr(0, 300);
      // Each PROBE answer names a point the request has: the one that caused it.
      for (const auto& n : s.judgement.notes) {
        bool caused = false;
        for (const Fault* f : s.expectation.probes())
          caused = caused || f->requirement == n.requirement;
        EXPECT_TRUE(caused) << n.requirement << ": " << n.what;
        unknown_member_notes += n.requirement == "VAL-PROBE-UNKNOWN-MEMBER";
      }
    }
  }
  EXPECT_GT(unknown_member_notes, 0) << "no unknown member was tried";
}

}  // namespace
}  // namespace ulp::netfuzz
