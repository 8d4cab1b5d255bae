// The suite's self-check: every selected case against the reference and against each of its
// mutants (reference/mutant.hpp), in process and in parallel. The reference must pass every
// case; each mutant must be caught (FAIL or NON-STRICT) by a case of the requirement it breaks.
#pragma once

#include <string>
#include <vector>

#include "conformance/fixture.hpp"
#include "conformance/run_settings.hpp"

namespace ulp::conformance {

struct MutantOutcome {
  std::string name, breaks, what;
  std::vector<std::string> catching;       // cases that FAIL or are NON-STRICT against it
  std::vector<std::string> errors;         // cases that end in ERROR (a suite fault)
  bool caught_by_own_requirement = false;  // a catching case checks the rule it breaks
  double seconds = 0;
};

struct SweepResult {
  std::vector<std::string> reference_failures;  // "case: reason" of the unmutated reference
  std::vector<MutantOutcome> mutants;
  double seconds = 0;
  int requests = 0;

  bool ok() const;  // the reference passes; each mutant is caught by a case of its rule
};

SweepResult sweep_mutants(const std::vector<const Case*>& cases, const RunSettings& settings,
                          int threads);

// The table: mutant, the requirement it breaks, the cases that catch it.
std::string format_sweep(const SweepResult& result);

}  // namespace ulp::conformance
