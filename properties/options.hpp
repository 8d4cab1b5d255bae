// The command line of ulp-properties, and the PropertyRun it describes.
//
//   ulp-properties                                     in process, small limits, random seed
//   ulp-properties --seed 42 --mutant accept-gap --expect-failure
//   ulp-properties --endpoint-url http://127.0.0.1:5000 --no-sign-request
//                                                     ecr limits, MUST/SHOULD compared only
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/target_options.hpp"
#include "properties/property_run.hpp"

namespace ulp::properties {

struct Options {
  std::optional<std::uint64_t> seed;
  int sequences = 0;  // 0: the default for the target
  int max_steps = 40;
  std::string limits;  // empty: small in process, ecr for an endpoint
  std::string mutant = "none";
  bool strict = false;
  bool match_reference_probes = false;
  bool expect_failure = false;
  bool all_mutants = false;      // the recall and precision sweep (properties/mutant_sweep.hpp)
  int expect_steps_at_most = 0;  // 0: any length
  bool show_sequences = false;
  std::string registry_id;
  std::string repository_name, other_repository_name;
  bool keep_repositories = false;
  std::string blob_dir;
  std::string report_json, report_junit, report_html;  // ulp-conformance's reports
  TargetOptions target;
};

void add_options(CLI::App& app, Options& options);

// Fills `run` from the options; an error message when they describe no run.
std::optional<std::string> configure(const Options& options, const std::string& program,
                                     PropertyRun& run);

}  // namespace ulp::properties
