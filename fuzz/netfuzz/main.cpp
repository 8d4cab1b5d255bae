// ulp-netfuzz: fuzzes any ECR-compatible endpoint with sequences of layer-upload calls built
// from spec/ and mutated, and grades every answer against the spec and against the
// in-process reference given the same calls (the differential oracle). Bounded by --runs and
// --max-time, paced by --rate. Exit status: 0 no divergence, 1 divergences (each written to
// --out as a replayable case and a fixture), 2 usage or setup error, 3 an oracle fault (a
// fault of this tool or of the reference, never of the endpoint).
#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <random>

#include "conformance/reports.hpp"
#include "core/http_target.hpp"
#include "core/splitmix64.hpp"
#include "core/target_options_cli.hpp"
#include "fuzz/netfuzz/report.hpp"
#include "fuzz/netfuzz/runner.hpp"

using nlohmann::json;

namespace {

std::string session_token() {
  std::random_device device;
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", device());
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Fuzz an ECR-compatible endpoint; the in-process reference is the oracle",
               "ulp-netfuzz"};
  ulp::TargetOptions target;
  ulp::add_target_options(app, target);
  int runs = 100;
  std::uint64_t seed = std::random_device{}();
  double rate = 0, max_time = 0;
  std::string out_dir = "ulp-netfuzz-out", limits_name = "ecr", replay, prefix = "ulp-netfuzz";
  ulp::netfuzz::RunOptions options;
  app.add_option("--runs", runs, "sequences to run (each: repositories, calls, cleanup)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--seed", seed, "seed of the sequences (default: random, printed)");
  app.add_option("--rate", rate, "at most this many requests per second (0: no limit)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--max-time", max_time, "stop after this many seconds (0: no limit)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--out", out_dir,
                 "where divergences are written (case.json; fixtures/ for ulp-conformance)")
      ->capture_default_str();
  app.add_option("--limits", limits_name,
                 "the endpoint's limits: ecr, ecr-public, small or a JSON file "
                 "(spec/profiles/); the reference oracle takes the same")
      ->capture_default_str();
  app.add_option("--max-blob-bytes", options.generator.max_blob_bytes,
                 "largest part to send (parts near 5 or 20 MiB cost time)")
      ->capture_default_str();
  app.add_option("--mutation-percent", options.mutation_percent,
                 "calls that get a structural mutation")
      ->capture_default_str()
      ->check(CLI::Range(0, 100));
  app.add_option("--repository-prefix", prefix, "repositories are <prefix>-<session>-<run>")
      ->capture_default_str();
  app.add_flag("--strict", options.policy.strict,
               "a broken SHOULD fails the run (by default it is NON-STRICT: reported, exit 0)");
  app.add_flag("--match-reference-probes", options.policy.match_reference_probes,
               "a PROBE answered unlike the reference is a divergence that fails the run (by "
               "default it is recorded as INFO)");
  std::string report_json, report_junit;
  app.add_option("--report-json", report_json,
                 "write ulp-conformance's JSON report (each divergence a case)");
  app.add_option("--report-junit", report_junit, "write a JUnit XML report");
  app.add_option("--replay", replay, "run the calls of a case.json written by --out, once")
      ->check(CLI::ExistingFile);
  CLI11_PARSE(app, argc, argv);

  std::string why;
  auto resolved = ulp::resolve_target(target, ulp::aws_config::Environment::from_process(), &why);
  if (!resolved) {
    std::cerr << "ulp-netfuzz: " << why << "\n";
    return 2;
  }
  try {
    options.profile = ulp::Profile::load(limits_name);
  } catch (const std::exception& e) {
    std::cerr << "ulp-netfuzz: --limits: " << e.what() << "\n";
    return 2;
  }
  resolved->http.max_response_bytes = 16 << 20;  // a hostile endpoint cannot exhaust memory
  // No request outlasts the session by more than --max-time itself.
  auto& read_timeout = resolved->http.read_timeout_seconds;
  if (max_time > 0 && (read_timeout == 0 || read_timeout > max_time))
    read_timeout = static_cast<int>(std::ceil(max_time));
  std::unique_ptr<ulp::HttpTarget> endpoint;
  try {
    endpoint = std::make_unique<ulp::HttpTarget>(resolved->http);
  } catch (const std::exception& e) {
    std::cerr << "ulp-netfuzz: " << e.what() << "\n";
    return 2;
  }
  const std::string token = session_token();
  options.repository_prefix = prefix + "-" + token;
  options.credentials = resolved->http.credentials;
  options.region = resolved->http.region;

  const std::string target_arguments = ulp::aws_cli_target_arguments(target, resolved->http.region);
  ulp::netfuzz::ReportOptions report_options;
  report_options.out_dir = out_dir;
  report_options.reproduction.target_arguments = target_arguments;
  report_options.reproduction.endpoint_url = resolved->http.endpoint_url;
  report_options.policy = options.policy;
  report_options.replay_command =
      "ulp-netfuzz" + target_arguments + " --limits " + limits_name +
      (options.policy.strict ? " --strict" : "") +
      (options.policy.match_reference_probes ? " --match-reference-probes" : "") + " --replay";
  ulp::netfuzz::Report report(std::cout, report_options);

  std::cout << "ulp-netfuzz: " << resolved->http.endpoint_url
            << " (credentials: " << resolved->credentials_source << "), limits "
            << options.profile.name << ", "
            << (replay.empty()
                    ? "seed " + std::to_string(seed) + ", " + std::to_string(runs) + " runs"
                    : "replaying " + replay)
            << ", repositories " << options.repository_prefix << "-*\n";
  ulp::netfuzz::Pacing pacing(rate, max_time);
  ulp::netfuzz::Runner runner(*endpoint, options, pacing);
  const auto start = std::chrono::steady_clock::now();
  if (!replay.empty()) {
    json c = json::parse(std::ifstream(replay), nullptr, false);
    if (!c.is_object() || !c.contains("calls")) {
      std::cerr << "ulp-netfuzz: " << replay << " is not a case written by ulp-netfuzz\n";
      return 2;
    }
    std::vector<ulp::netfuzz::Call> calls;
    for (const auto& call : c["calls"]) calls.push_back(ulp::netfuzz::Call::from_json(call));
    report.add(runner.replayed(c.value("run", 0), c.value("otherRepository", false), calls));
  } else {
    for (int i = 0; i < runs && !pacing.expired(); ++i)
      report.add(runner.generated(
          i, ulp::splitmix64(ulp::splitmix64(seed) + static_cast<std::uint64_t>(i))));
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const int status = report.finish(seconds);
  // The reports ulp-conformance writes, from the same results model: CI gates every driver alike.
  namespace c = ulp::conformance;
  c::RunInfo info;
  info.tool = "ulp-netfuzz";
  info.target = resolved->http.endpoint_url;
  info.limits = options.profile.name;
  info.seed = seed;
  info.grading = options.policy;
  c::RunReport run_report{info, report.cases(), c::count(report.cases(), options.policy, seconds),
                          c::requirement_results(report.cases())};
  if (!report_json.empty()) c::write_json_report(report_json, run_report);
  if (!report_junit.empty()) c::write_junit_report(report_junit, run_report);
  return status;
}
