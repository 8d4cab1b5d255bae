// ulp-properties --all-mutants: the properties against each mutant of the reference that
// breaks a MUST rule, each in a run of this program of its own, read back from its JSON report.
// A mutant is caught when a check of a requirement it declares broke (recall); every broken
// check must name a requirement it declares (precision: a verdict names the rule that broke).
// The mutants of SHOULD and PROBE rules alone are ulp-conformance --all-mutants'; the auth
// mutants too, since the properties send no spoiled signatures.
#pragma once

#include <string>

#include "properties/options.hpp"

namespace ulp::properties {

// Prints a table (mutant, caught, declared, reported) and the totals; 0 when every mutant is
// caught and nothing is falsely attributed, 1 otherwise, 2 when a run went wrong.
int sweep_mutants(const std::string& program, const Options& options);

}  // namespace ulp::properties
