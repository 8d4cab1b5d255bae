// The system under test of one sequence: a Target, with the model of what it holds. Each
// command is planned against that model (its request and the answers the spec allows), sent,
// judged, and the answer's effect applied; a response the spec does not allow fails the
// sequence (RC_FAIL) after it is logged.
//
// The model here follows the target's answers where the spec allows several, so that it may
// differ from the model RapidCheck generated the sequence with; when a command then no
// longer applies, it is logged and not sent.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/target.hpp"
#include "properties/model.hpp"
#include "properties/prediction.hpp"
#include "properties/step_log.hpp"

namespace ulp::properties {

struct Planned {
  Request request;
  Prediction prediction;
  std::string signing;  // a mode of core/spoiled_signing.hpp; empty: signed as usual
};
using Planner = std::function<std::optional<Planned>(const Model&)>;

class Session {
 public:
  Session(Target& target, Model model) : target_(target), model_(std::move(model)) {}

  void perform(const std::string& what, const Planner& plan);

  const Model& model() const { return model_; }
  StepLog& log() { return log_; }

 private:
  Target& target_;
  Model model_;
  StepLog log_;
  std::string stopped_;  // why no more steps are sent, once an answer left the model
};

}  // namespace ulp::properties
