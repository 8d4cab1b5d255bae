// The target one sequence runs against: in process, a fresh reference engine with the
// sequence's two repositories (every sequence starts from nothing, so that it replays exactly);
// otherwise the shared endpoint.
#pragma once

#include <array>
#include <memory>
#include <string>

#include "properties/property_run.hpp"
#include "reference/engine.hpp"
#include "reference/handler.hpp"
#include "reference/in_process_target.hpp"

namespace ulp::properties {

class SequenceTarget {
 public:
  SequenceTarget(const PropertyRun& run, const std::array<std::string, 2>& repositories);

  Target& target() { return *target_; }
  // How to bring up a target in the same state, for the reproduction lines ("" for an
  // endpoint, which is already up).
  std::string preamble() const { return preamble_; }

 private:
  std::unique_ptr<reference::Engine> engine_;
  std::unique_ptr<reference::Handler> handler_;
  std::unique_ptr<reference::InProcessTarget> in_process_;
  std::shared_ptr<Target> endpoint_;
  Target* target_ = nullptr;
  std::string preamble_;
};

}  // namespace ulp::properties
