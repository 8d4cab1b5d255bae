#include "properties/options.hpp"

#include <filesystem>
#include <random>

#include "core/http_target.hpp"
#include "core/target_options_cli.hpp"
#include "properties/field_values.hpp"

namespace ulp::properties {

namespace {

constexpr int kSequencesInProcess = 200;
constexpr int kSequencesOverNetwork = 50;
// Where the printed reproduction lines expect a reference server, for in-process failures.
const std::string kReplayEndpoint = "http://127.0.0.1:5000";

std::optional<std::string> configure_endpoint(const Options& o, PropertyRun& run,
                                              std::string& replay) {
  if (run.mutant != reference::Mutant::none)
    return "--mutant runs in process; for an endpoint, start ulp-reference-server --mutant " +
           o.mutant + " and pass its URL";
  if (o.repository_name.empty() != o.other_repository_name.empty() ||
      (!o.repository_name.empty() && o.repository_name == o.other_repository_name))
    return "name two different repositories (--repository-name and --other-repository-name), "
           "or none to have two created for each sequence";
  for (const auto& name : {o.repository_name, o.other_repository_name})
    if (!name.empty() && !valid_for("RepositoryName", name))
      return "'" + name + "' is not a repository name";
  if (!o.repository_name.empty())
    run.repositories = std::array<std::string, 2>{o.repository_name, o.other_repository_name};
  run.keep_repositories = o.keep_repositories;
  run.run_id = std::to_string(std::random_device{}() % 1000000);

  std::string why;
  auto resolved = resolve_target(o.target, aws_config::Environment::from_process(), &why);
  if (!resolved) return why;
  try {
    run.endpoint = std::make_shared<HttpTarget>(resolved->http);
  } catch (const std::exception& e) {
    return std::string("--endpoint-url: ") + e.what();
  }
  run.reproduction.endpoint_url = resolved->http.endpoint_url;
  run.credentials = resolved->http.credentials;
  run.region = resolved->http.region;
  run.reproduction.target_arguments = aws_cli_target_arguments(o.target, resolved->http.region);
  replay += run.reproduction.target_arguments;
  if (run.repositories)
    replay += " --repository-name " + shell_quote(o.repository_name) + " --other-repository-name " +
              shell_quote(o.other_repository_name);
  return std::nullopt;
}

}  // namespace

void add_options(CLI::App& app, Options& o) {
  app.add_option("--seed", o.seed, "RapidCheck seed (default: random, printed)");
  app.add_option("--sequences", o.sequences,
                 "passing sequences per property (default: 200 in process, 50 for an endpoint)");
  app.add_option("--max-steps", o.max_steps, "the longest sequence")->capture_default_str();
  app.add_option(
      "--limits", o.limits,
      "limits profile: ecr, ecr-public, small or a file (default: small in process, ecr for an "
      "endpoint)");
  app.add_option("--mutant", o.mutant,
                 "in process: break one rule of the reference (ulp-reference-server "
                 "--list-mutants)");
  app.add_flag("--strict", o.strict,
               "a broken SHOULD fails the run (by default it is NON-STRICT: reported, not "
               "failed)");
  app.add_flag("--match-reference-probes", o.match_reference_probes,
               "an answer to an undocumented point (a PROBE requirement) unlike the "
               "reference's fails the run (by default it is recorded as INFO)");
  app.add_option("--report-json", o.report_json,
                 "write the results as ulp-conformance's JSON report (a property is a case)");
  app.add_option("--report-junit", o.report_junit, "write the results as a JUnit XML report");
  app.add_option("--report-html", o.report_html, "write the results as an HTML report");
  app.add_flag("--all-mutants", o.all_mutants,
               "run the properties against each mutant of a MUST rule, each in a run of its own; "
               "print which requirements each breaks; exit 1 when one is not caught by a check "
               "of a requirement it declares, or a check of another requirement breaks");
  app.add_flag("--expect-failure", o.expect_failure,
               "exit 0 only when a property fails by a response the model does not allow "
               "(the self-check against mutants)");
  app.add_option("--expect-steps-at-most", o.expect_steps_at_most,
                 "with --expect-failure: and its shrunk sequence has at most this many steps");
  app.add_flag("--show-sequences", o.show_sequences,
               "print every sequence as it runs: each step and the answer it got");
  app.add_option("--blob-dir", o.blob_dir,
                 "where reproduction lines put their blobs (default: a temporary directory)");
  add_target_options(app, o.target);
  app.add_option("--repository-name", o.repository_name,
                 "upload to this existing repository instead of creating two per sequence "
                 "(with --other-repository-name)")
      ->group("Target");
  app.add_option("--other-repository-name", o.other_repository_name,
                 "the second existing repository")
      ->group("Target");
  app.add_flag("--keep-repositories", o.keep_repositories,
               "do not delete the repositories the run creates (to resend a failing sequence)")
      ->group("Target");
  app.add_option("--registry-id", o.registry_id,
                 "the registry's 12-digit ID (default: the profile's in process, learned from "
                 "an endpoint's first answer)")
      ->group("Target");
}

std::optional<std::string> configure(const Options& o, const std::string& program,
                                     PropertyRun& run) {
  run.in_process = o.target.endpoint_url.empty();
  run.seed = o.seed ? *o.seed : std::random_device{}();
  run.sequences = o.sequences > 0 ? o.sequences
                                  : (run.in_process ? kSequencesInProcess : kSequencesOverNetwork);
  if (o.max_steps < 1) return "--max-steps must be 1 or more";
  run.max_steps = o.max_steps;
  const std::string limits = !o.limits.empty() ? o.limits : run.in_process ? "small" : "ecr";
  try {
    run.limits = Limits::load(limits);
  } catch (const std::exception& e) {
    return std::string("--limits: ") + e.what();
  }
  run.exact = run.in_process || o.match_reference_probes;
  run.policy = {o.strict, o.match_reference_probes};
  run.show_sequences = o.show_sequences;
  if (!o.registry_id.empty() && !valid_for("RegistryId", o.registry_id))
    return "--registry-id " + o.registry_id + ": not a registry ID";
  run.registry_id = o.registry_id;
  auto mutant = reference::mutant_named(o.mutant);
  if (!mutant)
    return "--mutant " + o.mutant + ": no such mutant (ulp-reference-server --list-mutants)";
  run.mutant = *mutant;

  const auto dir = std::filesystem::path(program).parent_path();
  run.reference_server = (dir.empty() ? std::filesystem::path(".") : dir) / "ulp-reference-server";
  run.reproduction.program = "ulp";
  run.reproduction.blob_dir = o.blob_dir.empty()
                                  ? std::filesystem::temp_directory_path() / "ulp-properties"
                                  : std::filesystem::path(o.blob_dir);

  std::string replay = program + " --seed " + std::to_string(run.seed) + " --sequences " +
                       std::to_string(run.sequences) + " --max-steps " +
                       std::to_string(run.max_steps) + " --limits " + shell_quote(limits);
  if (!o.registry_id.empty()) replay += " --registry-id " + o.registry_id;
  if (o.strict) replay += " --strict";
  if (o.match_reference_probes) replay += " --match-reference-probes";

  if (!run.in_process) {
    if (auto error = configure_endpoint(o, run, replay)) return error;
    run.replay = replay;
    return std::nullopt;
  }
  if (!o.repository_name.empty() || !o.other_repository_name.empty())
    return "--repository-name is for an endpoint; in process each sequence makes its own two";
  TargetOptions replay_target;
  replay_target.endpoint_url = kReplayEndpoint;
  replay_target.no_sign_request = true;
  run.reproduction.endpoint_url = kReplayEndpoint;
  run.reproduction.target_arguments =
      aws_cli_target_arguments(replay_target, run.limits.profile.region);
  if (run.mutant != reference::Mutant::none) replay += " --mutant " + o.mutant;
  run.replay = replay;
  // Temporary credentials the in-process reference verifies, so that spoiled signatures are
  // refused as ECR refuses them (the replay lines go unsigned to a server without --auth).
  run.credentials =
      sigv4::Credentials{"ASIAULPPROPERTIES0000", "ulp/properties/in/process/secret/key0",
                         "ulp-properties-in-process-session-token"};
  run.region = run.limits.profile.region;
  return std::nullopt;
}

}  // namespace ulp::properties
