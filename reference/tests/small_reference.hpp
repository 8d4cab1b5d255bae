// A reference in process for the handler's tests: the small profile, one repository named
// "repo", and a target that sends to the handler.
#pragma once

#include <stdexcept>
#include <variant>

#include "reference/handler.hpp"
#include "reference/in_process_target.hpp"

namespace ulp::reference {

struct SmallReference {
  SmallReference() : engine(options()), handler(engine), target(handler) {
    if (!std::holds_alternative<nlohmann::json>(engine.create_repository({"", "repo"})))
      throw std::runtime_error("the repository \"repo\" could not be made");
  }
  static EngineOptions options() {
    EngineOptions o;
    o.profile = Profile::load("small");
    return o;
  }

  Engine engine;
  Handler handler;
  InProcessTarget target;
};

}  // namespace ulp::reference
