// ulp-conformance's command line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/target_options.hpp"

namespace ulp::conformance {

struct Options {
  TargetOptions target;                  // --endpoint-url, --region, --profile, ...
  std::string limits = "ecr";            // --limits ecr|small|FILE
  std::string mutant;                    // --mutant NAME (embedded reference)
  bool all_mutants = false;              // --all-mutants: the self-check table
  int threads = 2;                       // --threads, for --all-mutants
  std::string known_false_attributions;  // --known-false-attributions FILE, for --all-mutants
  std::vector<std::string> fixtures;     // --fixtures DIR (repeatable)
  std::string schema;                    // --schema FILE
  std::vector<std::string> filters, excludes;
  bool list = false, traceability = false, strict = false, verbose = false;
  bool keep_repositories = false, match_reference_probes = false;
  std::string expected_failures, report_json, report_junit, report_html, artifacts;
  double budget_seconds = 1800;
  std::int64_t max_requests = 0;  // --max-requests; 0: no limit
  std::optional<std::uint64_t> seed;
  std::string repository_name, other_repository_name, registry_id;
  std::string color = "auto";
  std::vector<std::string> compare;  // --compare [LABEL=]REPORT.json ...
  int jobs = 0;  // --jobs; 0: every core for the embedded reference, 1 for an --endpoint-url
  std::vector<std::string> max_rates;  // --max-rate N | OPERATION=N (repeatable)
  int max_attempts = 0;                // --max-attempts; 0: the spec's (3)
  double max_backoff_seconds = -1;     // --max-backoff; < 0: the spec's (20)

  // The options that reach the same target the same way, for "rerun:" lines.
  std::string rerun_arguments() const;
};

// nullopt to go on; else the exit code (0 after --help, 2 for a usage error), with the
// message printed.
std::optional<int> parse_options(int argc, char** argv, Options& options);

}  // namespace ulp::conformance
