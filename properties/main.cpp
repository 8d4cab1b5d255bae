// ulp-properties: RapidCheck model-based properties of ECR's layer upload, as GoogleTest
// tests, in process against the reference or against any endpoint. Exits 0 when every
// property holds, 1 when one fails, 2 when the run itself goes wrong; with --expect-failure,
// 0 only when a property fails by a response the model does not allow.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "conformance/reports.hpp"
#include "properties/mutant_sweep.hpp"
#include "properties/options.hpp"
#include "properties/preflight.hpp"
#include "properties/property_check.hpp"
#include "properties/property_run.hpp"

using namespace ulp::properties;

namespace {

int exit_status(const Options& options, int gtest_status) {
  const auto& outcomes = property_outcomes();
  if (outcomes.empty()) {
    std::cerr << "ulp-properties: no property ran (check --gtest_filter)\n";
    return 2;
  }
  const PropertyOutcome* failed = nullptr;
  for (const auto& o : outcomes) {
    if (o.result == PropertyOutcome::Result::error) return 2;
    if (o.result == PropertyOutcome::Result::failed && !failed) failed = &o;
  }
  if (!options.expect_failure) return failed ? 1 : gtest_status;
  if (!failed) {
    std::cout << "ulp-properties: expected a failure, but every property held\n";
    return 1;
  }
  if (options.expect_steps_at_most > 0 &&
      failed->shrunk_steps > static_cast<std::size_t>(options.expect_steps_at_most)) {
    std::cout << "ulp-properties: " << failed->name << " failed as expected, but shrunk to "
              << failed->shrunk_steps << " steps, more than " << options.expect_steps_at_most
              << "\n";
    return 1;
  }
  std::cout << "ulp-properties: failed as expected: " << failed->name;
  if (failed->shrunk_steps > 0) std::cout << ", shrunk to " << failed->shrunk_steps << " steps";
  std::cout << "\n";
  return 0;
}

// The reports ulp-conformance writes, from the same results model: CI gates every driver alike.
void write_reports(const Options& options, const PropertyRun& run) {
  namespace c = ulp::conformance;
  const auto& cases = property_cases();
  double seconds = 0;
  for (const auto& o : property_outcomes()) seconds += o.seconds;
  c::RunInfo info;
  info.tool = "ulp-properties";
  info.target = run.in_process ? "the reference (in process)" : run.endpoint->describe();
  info.limits = run.limits.source;
  info.seed = run.seed;
  info.grading = run.policy;
  c::RunReport report{info, cases, c::count(cases, run.policy, seconds),
                      c::requirement_results(cases)};
  if (!options.report_json.empty()) c::write_json_report(options.report_json, report);
  if (!options.report_junit.empty()) c::write_junit_report(options.report_junit, report);
  if (!options.report_html.empty()) c::write_html_report(options.report_html, report);
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  CLI::App app{
      "Model-based properties of ECR's layer upload (RapidCheck): random sequences of "
      "InitiateLayerUpload, UploadLayerPart and CompleteLayerUpload, each answer checked "
      "against the model of the spec. In process against the reference by default; "
      "--endpoint-url for any endpoint. GoogleTest options (--gtest_filter, ...) apply too.",
      "ulp-properties"};
  Options options;
  add_options(app, options);
  CLI11_PARSE(app, argc, argv);
  if (options.all_mutants)
    return sweep_mutants(std::filesystem::read_symlink("/proc/self/exe").string(), options);

  PropertyRun& run = property_run();
  if (auto error = configure(options, argv[0], run)) {
    std::cerr << "ulp-properties: " << *error << "\n";
    return 2;
  }
  if (!run.in_process)
    if (auto problem = preflight(*run.endpoint, run)) {
      std::cerr << "ulp-properties: " << *problem << "\n";
      return 2;
    }
  // RapidCheck announces its own configuration on first use: make it this run's.
  setenv("RC_PARAMS", ("seed=" + std::to_string(run.seed)).c_str(), 1);
  std::cout << "ulp-properties: seed " << run.seed << "; target "
            << (run.in_process ? "the reference (in process)" : run.endpoint->describe());
  if (run.mutant != ulp::reference::Mutant::none)
    std::cout << " with mutant " << ulp::reference::mutant_name(run.mutant);
  std::cout << "; limits " << run.limits.source << "; "
            << (run.exact ? "the reference's answers predicted, PROBE answers included"
                          : "any answer MUST and SHOULD requirements allow predicted")
            << "; a broken SHOULD " << (run.policy.strict ? "fails" : "is NON-STRICT")
            << ", a PROBE unlike the reference "
            << (run.policy.match_reference_probes ? "fails" : "is INFO") << std::endl;
  const int status = RUN_ALL_TESTS();
  if (GTEST_FLAG_GET(list_tests)) return status;  // nothing ran: only listed
  write_reports(options, run);
  return exit_status(options, status);
}
