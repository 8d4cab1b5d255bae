#include "properties/sequence_target.hpp"

#include <atomic>
#include <stdexcept>

namespace ulp::properties {

SequenceTarget::SequenceTarget(const PropertyRun& run, const std::array<std::string, 2>& generated)
    : repositories_(generated) {
  if (run.in_process) {
    start_reference(run);
    return;
  }
  endpoint_ = run.endpoint;
  target_ = endpoint_.get();
  keep_ = run.keep_repositories;
  if (run.repositories)
    repositories_ = *run.repositories;
  else
    create_repositories(run);
}

SequenceTarget::~SequenceTarget() {
  if (keep_) return;
  for (const auto& name : created_)
    target_->send(Request::of("DeleteRepository", {{"repositoryName", name}, {"force", true}}));
}

void SequenceTarget::start_reference(const PropertyRun& run) {
  reference::EngineOptions options;
  options.profile = run.limits.profile;
  if (!run.registry_id.empty()) options.profile.registry_id = run.registry_id;
  options.mutant = run.mutant;
  options.seed = kReferenceSeed;
  options.in_memory = true;  // hundreds of engines a second: no files
  engine_ = std::make_unique<reference::Engine>(options);
  for (const auto& name : repositories_)
    if (std::holds_alternative<reference::Error>(engine_->create_repository({"", name})))
      throw std::runtime_error("cannot create repository " + name);
  if (run.credentials) {
    const sigv4::Key key{*run.credentials, std::nullopt, options.profile.registry_id};
    authenticator_ = std::make_unique<reference::Authenticator>(std::vector{key}, run.region);
    handler_ = std::make_unique<reference::Handler>(*engine_, authenticator_.get());
    in_process_ =
        std::make_unique<reference::InProcessTarget>(*handler_, *run.credentials, run.region);
  } else {
    handler_ = std::make_unique<reference::Handler>(*engine_);
    in_process_ = std::make_unique<reference::InProcessTarget>(*handler_);
  }
  target_ = in_process_.get();

  const std::string& url = run.reproduction.endpoint_url;
  preamble_ = "start a reference server in the same state: " + run.reference_server + " --port " +
              url.substr(url.rfind(':') + 1) + " --profile " + shell_quote(run.limits.source) +
              " --seed " + std::to_string(kReferenceSeed);
  for (const auto& name : repositories_) preamble_ += " --repository " + shell_quote(name);
  if (!run.registry_id.empty()) preamble_ += " --registry-id " + run.registry_id;
  if (run.mutant != reference::Mutant::none)
    preamble_ += " --mutant " + std::string(reference::mutant_name(run.mutant));
  if (run.credentials)
    preamble_ +=
        " (to replay a spoiled signature, add --auth FILE, FILE a credentials file with "
        "aws_access_key_id = " +
        run.credentials->access_key_id +
        ", aws_secret_access_key = " + run.credentials->secret_access_key +
        ", aws_session_token = " + run.credentials->session_token + ")";
}

void SequenceTarget::create_repositories(const PropertyRun& run) {
  static std::atomic<int> sequences{0};
  const std::string stem = "ulp-properties-" + run.run_id + "-" + std::to_string(++sequences);
  repositories_ = {stem + "-a", stem + "-b"};
  for (const auto& name : repositories_) {
    Response r = target_->send(Request::of("CreateRepository", {{"repositoryName", name}}));
    if (!r.ok())
      throw std::runtime_error("could not create repository " + name + ": " +
                               std::to_string(r.status) + " " + r.error_type + " " +
                               r.transport_error);
    created_.push_back(name);
  }
  preamble_ = "the sequence ran in repositories " + repositories_[0] + " and " + repositories_[1] +
              ", created for it" +
              (keep_ ? " and kept" : " and deleted after it (--keep-repositories keeps them)");
}

}  // namespace ulp::properties
