#include "properties/sequence_target.hpp"

#include <stdexcept>

namespace ulp::properties {

SequenceTarget::SequenceTarget(const PropertyRun& run,
                               const std::array<std::string, 2>& repositories) {
  if (!run.in_process) {
    endpoint_ = run.endpoint;
    target_ = endpoint_.get();
    return;
  }
  reference::EngineOptions options;
  options.profile = run.limits.profile;
  if (!run.registry_id.empty()) options.profile.registry_id = run.registry_id;
  options.mutant = run.mutant;
  options.seed = kReferenceSeed;
  options.in_memory = true;  // hundreds of engines a second: no files
  engine_ = std::make_unique<reference::Engine>(options);
  for (const auto& name : repositories)
    if (std::holds_alternative<reference::Error>(engine_->create_repository({"", name})))
      throw std::runtime_error("cannot create repository " + name);
  handler_ = std::make_unique<reference::Handler>(*engine_);
  in_process_ = std::make_unique<reference::InProcessTarget>(*handler_);
  target_ = in_process_.get();

  preamble_ = "start a reference server in the same state: " + run.reference_server + " --port " +
              run.reproduction.endpoint_url.substr(run.reproduction.endpoint_url.rfind(':') + 1) +
              " --profile " + shell_quote(run.limits.source) + " --seed " +
              std::to_string(kReferenceSeed);
  for (const auto& name : repositories) preamble_ += " --repository " + shell_quote(name);
  if (!run.registry_id.empty()) preamble_ += " --registry-id " + run.registry_id;
  if (run.mutant != reference::Mutant::none)
    preamble_ += " --mutant " + std::string(reference::mutant_name(run.mutant));
}

}  // namespace ulp::properties
