// ulp-load: many clients push layers at once, some racing requests against each other, and
// every answer is graded (see load/run.hpp). Exit 0 when the run passes, 1 when it fails, 2 for
// a usage or setup error.
#include <fstream>
#include <iostream>

#include "load/findings.hpp"
#include "load/options.hpp"
#include "load/report.hpp"
#include "load/run.hpp"

int main(int argc, char** argv) {
  using namespace ulp::load;
  Options options;
  if (auto code = parse_options(argc, argv, options)) return *code;
  Outcome outcome;
  try {
    outcome = run(options);
  } catch (const std::exception& e) {
    std::cerr << "ulp-load: " << e.what() << "\n";
    return 2;
  }
  ulp::GradingPolicy policy;
  policy.strict = options.strict;
  const Grading grading = grade_findings(outcome.findings, policy);
  const auto report = report_json(options, outcome, grading);
  std::cout << report_text(report) << std::flush;
  if (!options.report_json.empty()) {
    std::ofstream file(options.report_json);
    file << report.dump(2) << "\n";
    if (!file) {
      std::cerr << "ulp-load: cannot write " << options.report_json << "\n";
      return 2;
    }
  }
  if (!options.expect_violation.empty()) {
    for (const auto& v : grading.violations)
      if (v.requirement == options.expect_violation && ulp::broken(v.verdict)) {
        std::cout << "expected violation of " << v.requirement << " found\n";
        return 0;
      }
    std::cout << "expected a violation of " << options.expect_violation << "; none found\n";
    return 1;
  }
  return grading.fails ? 1 : 0;
}
