// A correct target may accept a request whose Content-Type is not AWS JSON 1.1: what ECR does
// then is undocumented (PROTO-PROBE-CONTENT-TYPE-REQUEST, a PROBE). The properties record
// that answer as INFO and pass; only --match-reference-probes fails on it.
#include <gtest/gtest.h>

#include <memory>

#include "core/spec.hpp"
#include "properties/follow_the_model.hpp"
#include "properties/invalid_request.hpp"
#include "properties/property_check.hpp"
#include "properties/property_run.hpp"
#include "properties/session.hpp"
#include "reference/engine.hpp"
#include "reference/handler.hpp"
#include "reference/in_process_target.hpp"

namespace ulp::properties {
namespace {

// The reference, except that it reads any request as AWS JSON 1.1, whatever its Content-Type.
class IgnoresContentType : public Target {
 public:
  explicit IgnoresContentType(const Limits& limits) {
    reference::EngineOptions options;
    options.profile = limits.profile;
    options.seed = kReferenceSeed;
    options.in_memory = true;
    engine_ = std::make_unique<reference::Engine>(options);
    handler_ = std::make_unique<reference::Handler>(*engine_);
    inner_ = std::make_unique<reference::InProcessTarget>(*handler_);
  }
  Response send(const Request& request) override {
    Request r = request;
    r.headers.erase("Content-Type");
    return inner_->send(r);
  }
  std::string describe() const override { return "reference ignoring Content-Type"; }

 private:
  std::unique_ptr<reference::Engine> engine_;
  std::unique_ptr<reference::Handler> handler_;
  std::unique_ptr<reference::InProcessTarget> inner_;
};

const std::array<std::string, 2> kRepositories = {"attribution-a", "attribution-b"};

// One InitiateLayerUpload sent as text/plain, judged with `policy`.
Session initiate_as_text_plain(Target& target, bool exact, GradingPolicy policy) {
  for (const auto& name : kRepositories)
    target.send(Request::of("CreateRepository", {{"repositoryName", name}}));
  auto settings = std::make_shared<Settings>();
  settings->limits = Limits::load("small");
  settings->exact = exact;
  settings->policy = policy;
  settings->repositories = kRepositories;
  settings->registry_id = settings->limits.profile.registry_id;
  Session session(target, Model(settings));
  MalformedBodyIntent in;
  in.operation = "InitiateLayerUpload";
  in.kind = MalformedBodyIntent::Kind::other_media_type;
  in.text = "text/plain";
  session.perform("InitiateLayerUpload as text/plain", [&](const Model& m) {
    return std::optional<Planned>(Planned{request(m, in), predict(m, in), {}});
  });
  return session;
}

TEST(Attribution, AcceptingTextPlainIsAProbeRecordedAsInfo) {
  for (bool exact : {true, false}) {
    IgnoresContentType target(Limits::load("small"));
    Session session = initiate_as_text_plain(target, exact, {});
    const StepRecord& step = session.log().steps().back();
    ASSERT_TRUE(step.response.ok()) << "the decorator should accept text/plain";
    ASSERT_EQ(step.mismatches.size(), 1u);
    EXPECT_EQ(step.mismatches[0].requirement, "PROTO-PROBE-CONTENT-TYPE-REQUEST");
    EXPECT_EQ(step.mismatches[0].level, "PROBE");
    EXPECT_EQ(step.mismatches[0].verdict, ulp::Verdict::info);
    EXPECT_FALSE(step.fails);
    // The model no longer knows what the target holds: later steps are not sent.
    session.perform("a later step", [](const Model&) -> std::optional<Planned> {
      ADD_FAILURE() << "planned after the model stopped";
      return std::nullopt;
    });
    EXPECT_EQ(session.log().steps().back().request, nullptr);
  }
}

TEST(Attribution, MatchReferenceProbesFailsOnIt) {
  IgnoresContentType target(Limits::load("small"));
  EXPECT_ANY_THROW(initiate_as_text_plain(target, true, {false, true}));
}

TEST(Attribution, ThePropertyPassesAgainstATargetAcceptingTextPlain) {
  PropertyRun& run = property_run();
  run.seed = 7;
  run.sequences = 100;
  run.max_steps = 30;
  run.limits = Limits::load("small");
  run.in_process = false;  // as against any endpoint: repositories created for each sequence
  run.exact = false;
  run.policy = {};
  run.endpoint = std::make_shared<IgnoresContentType>(run.limits);
  run.run_id = "attribution";
  run.registry_id = run.limits.profile.registry_id;
  check_property("Attribution.AcceptsTextPlain", follow_the_model);
  ASSERT_FALSE(property_outcomes().empty());
  EXPECT_EQ(property_outcomes().back().result, PropertyOutcome::Result::passed);
}

}  // namespace
}  // namespace ulp::properties
