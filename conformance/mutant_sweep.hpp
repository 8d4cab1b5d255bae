// The suite's self-check: every selected case against the reference and against each of its
// mutants (reference/mutant.hpp), in process and in parallel. The reference must break no check;
// each mutant must break a check of a requirement it declares (recall), and only checks of
// requirements it declares (precision: a verdict names the rule that broke, not a bystander).
// A mutant that declares a PROBE is run with --match-reference-probes, so that its answer counts.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "conformance/fixture.hpp"
#include "conformance/run_settings.hpp"

namespace ulp::conformance {

// False attributions known and explained (a grading fault of the runner, not of a fixture):
// "mutant REQUIREMENT case-id" -> why. They are printed and counted, but do not fail the sweep.
using KnownFalseAttributions = std::map<std::string, std::string>;
// One a line: MUTANT REQUIREMENT CASE-ID, then why; '#' starts a comment line.
KnownFalseAttributions read_known_false_attributions(const std::string& path, std::string* error);

struct MutantOutcome {
  std::string name, what;
  std::vector<std::string> declared;  // the requirements it breaks, by reference/mutant.cpp
  bool probes = false;                // run with --match-reference-probes
  std::set<std::string> reported;     // requirements with a check that ran and broke
  std::vector<std::string> catching;  // cases with a broken check
  std::vector<std::string> false_attributions;        // "REQ (case step N)": reported, not declared
  std::vector<std::string> known_false_attributions;  // the same, but listed as known
  std::vector<std::string> errors;                    // cases that end in ERROR (a suite fault)
  std::string equivalent;  // why it cannot differ from the reference at the run's limits
  double seconds = 0;

  bool caught() const;  // a check of a declared requirement broke
};

struct SweepResult {
  std::vector<std::string> reference_failures;  // what the unmutated reference broke
  std::vector<MutantOutcome> mutants;
  double seconds = 0;
  int requests = 0;

  int caught() const;
  int catchable() const;     // the mutants that can differ from the reference at these limits
  int attributions() const;  // reported (mutant, requirement) pairs
  int correct_attributions() const;      // of those, declared by the mutant
  std::vector<std::string> stale_known;  // listed as known, yet not seen in this run
  // The reference breaks nothing; 100% recall; 100% precision but for the known false
  // attributions; no ERROR.
  bool ok() const;
};

SweepResult sweep_mutants(const std::vector<const Case*>& cases, const RunSettings& settings,
                          int threads, const KnownFalseAttributions& known = {});

// The table: mutant, declared requirements, reported requirements, then the totals line
// "recall N/M (x%), precision N/M (x%)".
std::string format_sweep(const SweepResult& result);

}  // namespace ulp::conformance
