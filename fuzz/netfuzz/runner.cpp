#include "fuzz/netfuzz/runner.hpp"

#include "core/request_signing.hpp"
#include "core/spoiled_signing.hpp"
#include "core/validate.hpp"
#include "fuzz/netfuzz/mutator.hpp"
#include "reference/authenticator.hpp"
#include "reference/in_process_target.hpp"

namespace ulp::netfuzz {

using nlohmann::json;

const Step* RunRecord::divergent_step() const {
  return !steps.empty() && !steps.back().judgement.findings.empty() ? &steps.back() : nullptr;
}

Response Runner::send_to_endpoint(const Request& request, RunRecord& record) {
  pacing_.wait_turn();
  ++record.endpoint_requests;
  return endpoint_.send(request);
}

RunRecord Runner::generated(int index, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  Generator generator(rng, options_.generator, options_.profile);
  std::vector<std::string> signings;
  if (options_.credentials)
    for (const auto& mode : spoiled_signing_modes())
      if (mode != "session-token-dropped" || !options_.credentials->session_token.empty())
        signings.push_back(mode);
  Mutator mutator(rng, signings);
  RunRecord record;
  record.index = index;
  record.seed = seed;
  record.other_repository = generator.wants_other_repository();
  return execute(std::move(record), [&](const SessionModel& session) -> std::optional<Call> {
    auto call = generator.next(session);
    if (call && std::uniform_int_distribution<int>(0, 99)(rng) < options_.mutation_percent)
      mutator.mutate(*call);
    return call;
  });
}

RunRecord Runner::replayed(int index, bool other_repository, const std::vector<Call>& calls) {
  RunRecord record;
  record.index = index;
  record.other_repository = other_repository;
  std::size_t next = 0;
  return execute(std::move(record), [&](const SessionModel&) -> std::optional<Call> {
    if (next == calls.size()) return std::nullopt;
    return calls[next++];
  });
}

RunRecord Runner::execute(RunRecord record, const NextCall& next) {
  const std::string main = options_.repository_prefix + "-" + std::to_string(record.index);
  std::vector<std::pair<std::string, std::string>> repositories = {{"repositoryName", main}};
  if (record.other_repository) repositories.emplace_back("otherRepositoryName", main + "-other");

  // The endpoint's repositories first: the reference takes the endpoint's registry ID.
  std::string registry = options_.profile.registry_id;
  for (const auto& [template_name, name] : repositories) {
    Request create = Request::of("CreateRepository", {{"repositoryName", name}});
    record.setup.push_back(create);
    Response made = send_to_endpoint(create, record);
    if (!made.ok()) {
      record.setup_error = "CreateRepository " + name + ": " + std::to_string(made.status) + " " +
                           made.error_type + made.transport_error + " " + made.body.substr(0, 200);
      break;
    }
    if (made.json && made.json->contains("repository")) {
      const json& r = (*made.json)["repository"];
      if (r.is_object() && r.contains("registryId") && r["registryId"].is_string() &&
          !validate("RegistryId", r["registryId"]))
        registry = r["registryId"].get<std::string>();
    }
  }

  Profile limits = options_.profile;
  limits.registry_id = registry;
  reference::Engine engine(reference::EngineOptions{
      .profile = limits,
      .data_dir = {},
      .fsync = reference::FsyncPolicy::never,  // no data directory: nothing to sync
      .faults = {},
      .mutant = reference::Mutant::none,
      .seed = record.seed,
      .now_seconds = [] { return std::int64_t{1700000000}; },  // no upload expires in a run
      .in_memory = true,
  });
  reference::Handler handler(engine);
  reference::InProcessTarget reference(handler);
  // The spoiled calls go to the same engine through a handler that verifies signatures with
  // the endpoint's key, as ulp-reference-server --auth does.
  std::optional<reference::Authenticator> authenticator;
  std::optional<reference::Handler> checking_handler;
  std::optional<reference::InProcessTarget> checking;
  if (options_.credentials) {
    authenticator.emplace(std::vector{sigv4::Key{*options_.credentials, std::nullopt, registry}},
                          options_.region);
    checking_handler.emplace(engine, &*authenticator);
    checking.emplace(*checking_handler, *options_.credentials, options_.region);
  }
  SessionModel session(limits);
  for (auto* bindings : {&session.reference_bindings, &session.endpoint_bindings}) {
    (*bindings)["repositoryName"] = main;
    (*bindings)["otherRepositoryName"] = main + "-other";
    (*bindings)["unknownRepositoryName"] = main + "-missing";
    (*bindings)["registryId"] = registry;
  }

  if (record.setup_error.empty()) {
    for (const auto& [template_name, name] : repositories) {
      reference.send(Request::of("CreateRepository", {{"repositoryName", name}}));
      session.repository_created(template_name);
    }
    while (!pacing_.expired()) {
      auto call = next(session);
      if (!call) break;
      Step step;
      step.call = std::move(*call);
      step.to_endpoint = render(step.call, session.endpoint_bindings);
      step.to_reference = render(step.call, session.reference_bindings);
      const bool spoiled = !step.call.signing.empty() && checking;
      if (spoiled) {
        const std::int64_t now = unix_now();
        sign_spoiled(step.call.signing, step.to_endpoint, endpoint_.host_header(),
                     *options_.credentials, options_.region, now);
        sign_spoiled(step.call.signing, step.to_reference, checking->host_header(),
                     *options_.credentials, options_.region, now);
      }
      step.expectation = spoiled ? expect_refused_signature(step.call.signing)
                                 : expect(step.to_reference, session);
      step.endpoint = send_to_endpoint(step.to_endpoint, record);
      step.reference = (spoiled ? *checking : reference).send(step.to_reference);
      step.judgement = judge({step.call.op, step.to_endpoint, step.to_reference, step.expectation,
                              session, options_.policy, options_.credentials && !spoiled},
                             step.endpoint, step.reference);
      session.apply(step.call, step.to_reference, step.reference, step.endpoint);
      const bool over = !step.judgement.findings.empty() || step.judgement.states_may_differ;
      record.steps.push_back(std::move(step));
      if (over) break;
    }
  }

  for (const auto& [template_name, name] : repositories) {
    Response deleted = send_to_endpoint(
        Request::of("DeleteRepository", {{"repositoryName", name}, {"force", true}}), record);
    if (!deleted.ok() && deleted.error_type != "RepositoryNotFoundException")
      record.cleanup_error = "DeleteRepository " + name + ": " + std::to_string(deleted.status) +
                             " " + deleted.error_type + deleted.transport_error;
  }
  return record;
}

}  // namespace ulp::netfuzz
