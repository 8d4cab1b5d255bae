// The commands of RapidCheck's state machine: one per kind of request (initiate.hpp,
// upload_part.hpp, complete.hpp, invalid_request.hpp), each an intent that the model turns into
// a request and a prediction.
#pragma once

#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include <memory>

#include "properties/complete.hpp"
#include "properties/initiate.hpp"
#include "properties/invalid_request.hpp"
#include "properties/model.hpp"
#include "properties/session.hpp"
#include "properties/spoiled_part.hpp"
#include "properties/upload_part.hpp"

namespace ulp::properties {

using Command = rc::state::Command<Model, Session>;
using CommandPtr = std::shared_ptr<const Command>;

template <class Intent>
class Step final : public Command {
 public:
  explicit Step(Intent intent) : intent_(std::move(intent)) {}

  void checkPreconditions(const Model& m) const override { RC_PRE(applicable(m, intent_)); }
  // The model RapidCheck generates with takes the reference's answer.
  void apply(Model& m) const override { m.apply(predict(m, intent_).reference().effect); }
  void run(const Model&, Session& session) const override {
    session.perform(describe(intent_), [this](const Model& m) -> std::optional<Planned> {
      if (!applicable(m, intent_)) return std::nullopt;
      return Planned{request(m, intent_), predict(m, intent_), signing(intent_)};
    });
  }
  void show(std::ostream& os) const override { os << describe(intent_); }

 private:
  Intent intent_;
};

// The next command for a sequence in state `m`.
rc::Gen<CommandPtr> next_command(const Model& m);

// The two repositories of an in-process sequence: valid, distinct names.
rc::Gen<std::array<std::string, 2>> repository_pair();

}  // namespace ulp::properties
