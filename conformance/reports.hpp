// The reports of a run, all from the same results: JSON (for machines: summary.passed /
// failed / skipped, per case, per requirement), JUnit XML (for CI), and HTML (for a person:
// the requirement-by-verdict matrix, then every failure with its wire exchange).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "conformance/case_result.hpp"
#include "conformance/results.hpp"

namespace ulp::conformance {

struct RunInfo {
  std::string tool = "ulp-conformance";
  std::string version, target, limits, started_at, expected_failures, artifacts;
  std::uint64_t seed = 0;
  GradingPolicy grading;
  std::vector<std::string> filters, excludes;
};

struct RunReport {
  RunInfo info;
  const std::vector<CaseResult>& cases;
  Totals totals;
  std::vector<RequirementResult> requirements;
};

// Each throws std::runtime_error when the file cannot be written.
void write_json_report(const std::filesystem::path& file, const RunReport& report);
void write_junit_report(const std::filesystem::path& file, const RunReport& report);
void write_html_report(const std::filesystem::path& file, const RunReport& report);

nlohmann::json report_json(const RunReport& report);  // what write_json_report writes

}  // namespace ulp::conformance
