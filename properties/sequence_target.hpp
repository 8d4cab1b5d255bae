// The target one sequence runs against, and its two repositories. In process: a fresh
// reference engine with the sequence's generated repositories (every sequence starts from
// nothing, so that it replays exactly). Against an endpoint: the shared endpoint, with the
// repositories named on the command line, or two created for the sequence and deleted (with
// whatever uploads they hold) when it ends.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "properties/property_run.hpp"
#include "reference/authenticator.hpp"
#include "reference/engine.hpp"
#include "reference/handler.hpp"
#include "reference/in_process_target.hpp"

namespace ulp::properties {

class SequenceTarget {
 public:
  // `generated`: the repositories of an in-process sequence. Throws std::runtime_error when a
  // repository cannot be created.
  SequenceTarget(const PropertyRun& run, const std::array<std::string, 2>& generated);
  ~SequenceTarget();
  SequenceTarget(const SequenceTarget&) = delete;
  SequenceTarget& operator=(const SequenceTarget&) = delete;

  Target& target() { return *target_; }
  const std::array<std::string, 2>& repositories() const { return repositories_; }
  // How to bring up a target in this state, for the reproduction lines.
  const std::string& preamble() const { return preamble_; }

 private:
  void start_reference(const PropertyRun& run);
  void create_repositories(const PropertyRun& run);

  std::unique_ptr<reference::Engine> engine_;
  std::unique_ptr<reference::Authenticator> authenticator_;
  std::unique_ptr<reference::Handler> handler_;
  std::unique_ptr<reference::InProcessTarget> in_process_;
  std::shared_ptr<Target> endpoint_;
  Target* target_ = nullptr;
  std::array<std::string, 2> repositories_;
  std::vector<std::string> created_;  // deleted at the end
  bool keep_ = false;
  std::string preamble_;
};

}  // namespace ulp::properties
