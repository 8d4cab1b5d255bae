#include "conformance/options.hpp"

#include <CLI/CLI.hpp>

#include "conformance/reproduction.hpp"
#include "core/target_options_cli.hpp"

namespace ulp::conformance {

std::string Options::rerun_arguments() const {
  std::string out;
  const TargetOptions& t = target;
  if (!t.endpoint_url.empty()) out += " --endpoint-url " + shell_quote(t.endpoint_url);
  if (!t.region.empty()) out += " --region " + shell_quote(t.region);
  if (!t.profile.empty()) out += " --profile " + shell_quote(t.profile);
  if (t.no_sign_request) out += " --no-sign-request";
  if (t.no_verify_ssl) out += " --no-verify-ssl";
  if (!t.ca_bundle.empty()) out += " --ca-bundle " + shell_quote(t.ca_bundle);
  if (limits != "ecr") out += " --limits " + shell_quote(limits);
  if (!mutant.empty()) out += " --mutant " + shell_quote(mutant);
  if (!repository_name.empty()) out += " --repository-name " + shell_quote(repository_name);
  if (!other_repository_name.empty())
    out += " --other-repository-name " + shell_quote(other_repository_name);
  if (!registry_id.empty()) out += " --registry-id " + shell_quote(registry_id);
  if (seed) out += " --seed " + std::to_string(*seed);
  for (const auto& rate : max_rates) out += " --max-rate " + shell_quote(rate);
  return out;
}

std::optional<int> parse_options(int argc, char** argv, Options& o) {
  CLI::App app{
      "Grades an ECR-compatible endpoint, requirement by requirement, against the conformance "
      "cases of fixtures/conformance (the embedded reference server when no --endpoint-url is "
      "given). GoogleTest options (--gtest_*) are accepted too.",
      "ulp-conformance"};
  app.get_formatter()->column_width(38);
  add_target_options(app, o.target);
  app.add_option("--repository-name", o.repository_name,
                 "use this existing repository instead of creating one per case")
      ->group("Target");
  app.add_option("--other-repository-name", o.other_repository_name,
                 "a second existing repository, for cases that need two")
      ->group("Target");
  app.add_option("--registry-id", o.registry_id,
                 "the target's registry (account) ID, when it cannot be learned")
      ->group("Target");
  app.add_flag("--keep-repositories", o.keep_repositories,
               "do not delete the repositories the run creates (to resend a failing request)")
      ->group("Target");
  app.add_option("--limits", o.limits,
                 "limits sizes and request rates resolve against: ecr, ecr-public, small, or a "
                 "file")
      ->capture_default_str()
      ->group("Target");
  app.add_option("--mutant", o.mutant,
                 "run against the embedded reference with this mutant (ulp-reference-server "
                 "--list-mutants)")
      ->group("Target");

  app.add_option("--jobs,-j", o.jobs,
                 "cases run at once, each in its own repositories; the output stays in fixture "
                 "order (default: every core for the embedded reference, 1 for an "
                 "--endpoint-url; --verbose runs one)")
      ->check(CLI::Range(1, 256))
      ->group("Pacing");
  app.add_option("--max-rate", o.max_rates,
                 "requests per second: N for every operation, or OPERATION=N (repeatable); "
                 "default: the limits' quotas for an --endpoint-url, none for the embedded "
                 "reference")
      ->group("Pacing");
  app.add_option("--max-attempts", o.max_attempts,
                 "sends of a request in all, when the answer is throttling (ThrottlingException, "
                 "429) or a transient fault (502, 503, 504, a connection lost before any "
                 "answer); default 3, as the aws CLI's standard retry mode")
      ->check(CLI::Range(1, 100))
      ->group("Pacing");
  app.add_option("--max-backoff", o.max_backoff_seconds,
                 "seconds the wait before a retry may reach (exponential, with jitter); default "
                 "20")
      ->check(CLI::Range(0.0, 3600.0))
      ->group("Pacing");

  app.add_option("--filter", o.filters,
                 "run cases whose ID, requirement or tag matches this glob (repeatable)")
      ->group("Selection");
  app.add_option("--exclude", o.excludes, "leave out cases matching this glob (repeatable)")
      ->group("Selection");
  app.add_flag("--list", o.list, "list the selected cases and exit")->group("Selection");
  app.add_option("--fixtures", o.fixtures, "directory of cases (repeatable)")
      ->check(CLI::ExistingDirectory)
      ->group("Selection");
  app.add_option("--schema", o.schema, "the fixture schema")->group("Selection");

  app.add_flag("--strict", o.strict, "NON-STRICT (a broken SHOULD) and XPASS fail the run")
      ->group("Grading");
  app.add_option("--expected-failures", o.expected_failures,
                 "file of 'CASE-ID reason' lines: those failures are XFAIL")
      ->check(CLI::ExistingFile)
      ->group("Grading");
  app.add_flag("--match-reference-probes", o.match_reference_probes,
               "a PROBE answered otherwise than the reference answers is a FAIL")
      ->group("Grading");
  app.add_option("--seed", o.seed, "seed of the blobs (default: a new one, printed)")
      ->group("Grading");
  app.add_option("--budget", o.budget_seconds,
                 "seconds the whole run may take (0: no limit); then the rest is skipped")
      ->capture_default_str()
      ->group("Grading");

  app.add_option("--max-requests", o.max_requests,
                 "requests the run may send (0: no limit): the cases that would go past it, "
                 "and all after them, are SKIP (each case's count is known before it runs: "
                 "--list)")
      ->check(CLI::NonNegativeNumber)
      ->group("Grading");
  app.add_option("--report-json", o.report_json, "write the JSON report here")->group("Output");
  app.add_option("--compare", o.compare,
                 "instead of a run: merge these JSON reports ([LABEL=]FILE, one per endpoint) "
                 "into a compatibility matrix, requirement by endpoint, with each PROBE's "
                 "answer; on the console, and as a page with --report-html")
      ->expected(1, -1)
      ->group("Output");
  app.add_option("--report-junit", o.report_junit, "write the JUnit XML report here")
      ->group("Output");
  app.add_option("--report-html", o.report_html, "write the HTML report here")->group("Output");
  app.add_option("--artifacts-dir", o.artifacts,
                 "where blobs and bodies for reproduction go (default: next to the reports)")
      ->group("Output");
  app.add_flag("--verbose,-v", o.verbose, "print every request and answer")->group("Output");
  app.add_option("--color", o.color, "auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str()
      ->group("Output");

  app.add_flag("--traceability", o.traceability,
               "print requirements against cases; exit 1 when one has no case")
      ->group("Self-check");
  app.add_flag("--all-mutants", o.all_mutants,
               "run the selection against the reference and each mutant, in process; print "
               "the requirements each breaks; exit 1 when one is not caught by a check of a "
               "requirement it declares, or a check of another requirement breaks")
      ->group("Self-check");
  app.add_option("--known-false-attributions", o.known_false_attributions,
                 "for --all-mutants: a file of known false attributions, one a line: MUTANT "
                 "REQUIREMENT CASE, then why; those do not fail the sweep")
      ->check(CLI::ExistingFile)
      ->group("Self-check");
  app.add_option("--threads", o.threads, "threads for --all-mutants")
      ->capture_default_str()
      ->group("Self-check");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  return std::nullopt;
}

}  // namespace ulp::conformance
