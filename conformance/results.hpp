// A run's results taken together, for every driver: the counts of the closing line, each
// requirement's verdict across the cases that check it (from their checks alone), what was
// left unreached and what blocked it, and the expected-failures file applied.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "conformance/case_result.hpp"
#include "conformance/selection.hpp"
#include "core/spec.hpp"

namespace ulp::conformance {

struct Totals {
  int total = 0, passed = 0, failed = 0, skipped = 0;  // failed: what makes the exit code 1
  std::map<Verdict, int> by_verdict;
  int requests = 0, retries = 0;
  double seconds = 0;
};

Totals count(const std::vector<CaseResult>& results, const GradingPolicy& policy, double seconds);

// "95 passed, 0 failed, 2 skipped; PASS 80, INFO 15, ...; 1234 requests in 4.2 s (294/s)",
// then ", 12 retries" when any request was sent again.
std::string closing_line(const Totals& t);

// A broken case listed in the file becomes XFAIL; a listed case that passes, XPASS.
void apply_expected_failures(CaseResult& result, const ExpectedFailures& expected);

struct RequirementResult {
  const Requirement* requirement = nullptr;
  std::string verdict;  // a verdict name, or "NOT RUN" when no selected case checks it
  std::map<Verdict, std::vector<std::string>> cases;         // verdict -> case IDs
  std::vector<std::pair<std::string, ProbeAnswer>> answers;  // case ID -> probe answer
  std::vector<Blocker> blocked_by;  // NOT REACHED: what stopped each case before its checks
};

std::vector<RequirementResult> requirement_results(const std::vector<CaseResult>& results);

// The requirements with a broken check that ran (FAIL or NON-STRICT), in spec order.
std::vector<const RequirementResult*> not_met(const std::vector<RequirementResult>& requirements);

// The requirements none of whose checks ran, ordered by how many checks their first blocker
// cut off across the run (most first), each with that blocker.
struct Unreached {
  const RequirementResult* requirement = nullptr;
  Blocker blocker;
  int blocker_cut = 0;  // the checks that blocker left unjudged in the whole run
};
std::vector<Unreached> not_reached(const std::vector<CaseResult>& results,
                                   const std::vector<RequirementResult>& requirements);

// The closing lines: "requirements not met: A (MUST), B (SHOULD)", then "requirements not
// reached: N" and one line each with its blocker. Empty when every requirement was met.
std::string requirement_summary(const std::vector<CaseResult>& results,
                                const std::vector<RequirementResult>& requirements);

}  // namespace ulp::conformance
