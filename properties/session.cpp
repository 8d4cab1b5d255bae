#include "properties/session.hpp"

#include <rapidcheck.h>

#include "core/request_signing.hpp"
#include "core/spec.hpp"
#include "core/spoiled_signing.hpp"

namespace ulp::properties {

void Session::perform(const std::string& what, const Planner& plan) {
  StepRecord step;
  step.what = what;
  if (!stopped_.empty()) {
    step.note = "not sent: " + stopped_;
    log_.add(std::move(step));
    return;
  }
  std::optional<Planned> planned = plan(model_);
  if (!planned) {
    step.note = "not sent: it no longer applies (an earlier answer went another allowed way)";
    log_.add(std::move(step));
    return;
  }
  if (!planned->signing.empty())
    sign_spoiled(planned->signing, planned->request, target_.host_header(),
                 *model_.settings().credentials, model_.settings().region, unix_now());
  step.request = std::make_shared<const Request>(std::move(planned->request));
  step.expected = planned->prediction.describe();
  step.response = target_.send(*step.request);
  const Judgement judgement = judge(planned->prediction, step.response, model_);
  const GradingPolicy& policy = model_.settings().policy;
  for (const auto& m : judgement.mismatches) {
    const Requirement* r = Spec::get().requirement(m.requirement);
    const std::string level = r ? r->level : "MUST";
    const ulp::Verdict verdict = grade(level, false, policy);
    step.fails = step.fails || fails_run(verdict, policy);
    step.mismatches.push_back({m.requirement, level, verdict, m.message});
  }
  if (step.fails) {
    std::string reason = "step " + std::to_string(log_.size() + 1) + " (" + what + "):";
    for (const auto& m : step.mismatches)
      if (fails_run(m.verdict, policy)) reason += " " + m.message + " [" + m.requirement + "].";
    log_.add(std::move(step));
    RC_FAIL(reason);
  }
  // A difference that does not fail the run (a PROBE, or a SHOULD without --strict) is
  // recorded; when the response is none of the predicted answers the model no longer knows
  // the target's state, and the sequence ends here.
  if (!judgement.matched()) {
    stopped_ = "the model cannot predict past step " + std::to_string(log_.size() + 1) +
               "'s answer (recorded, not a failure)";
    step.note = "the sequence stops here: the model cannot predict past this answer";
    log_.add(std::move(step));
    return;
  }
  step.matched = judgement.answer->describe();
  step.requirement = judgement.answer->requirement;
  // A request signed as usual and served rests on that too.
  if (model_.settings().credentials && planned->signing.empty())
    step.requirement += ", " + Spec::get().protocol.authentication.signed_requirement;
  for (const auto& id : protocol_requirements(step.response)) step.requirement += ", " + id;
  const Effect& effect = judgement.answer->effect;
  if (effect.kind == Effect::Kind::open_upload)
    step.note = "this is upload " + std::to_string(effect.slot + 1);

  const nlohmann::json* body = step.response.json ? &*step.response.json : nullptr;
  auto member = [&](const char* name) {
    if (!body || !body->is_object()) return std::string();
    auto it = body->find(name);
    return it != body->end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  // The registry's ID, when not given, is whatever the first answer that names it says.
  if (model_.registry_id.empty() && !member("registryId").empty())
    model_.registry_id = member("registryId");
  model_.apply(effect, member("uploadId"));
  log_.add(std::move(step));
}

}  // namespace ulp::properties
