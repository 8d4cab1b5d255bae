#include "properties/session.hpp"

#include <rapidcheck.h>

namespace ulp::properties {

void Session::perform(const std::string& what, const Planner& plan) {
  StepRecord step;
  step.what = what;
  std::optional<Planned> planned = plan(model_);
  if (!planned) {
    step.note = "not sent: it no longer applies (an earlier answer went another allowed way)";
    log_.add(std::move(step));
    return;
  }
  step.request = std::make_shared<const Request>(std::move(planned->request));
  step.expected = planned->prediction.describe();
  step.response = target_.send(*step.request);
  const Verdict verdict = judge(planned->prediction, step.response, model_);
  step.problems = verdict.problems;
  if (!verdict.matched()) {
    std::string reason = "step " + std::to_string(log_.size() + 1) + " (" + what + "):";
    for (const auto& p : verdict.problems) reason += " " + p + ".";
    log_.add(std::move(step));
    RC_FAIL(reason);
  }
  step.matched = verdict.answer->describe();
  step.requirement = verdict.answer->requirement;
  for (const auto& id : protocol_requirements(step.response)) step.requirement += ", " + id;
  const Effect& effect = verdict.answer->effect;
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
