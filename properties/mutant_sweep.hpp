// ulp-properties --all-mutants: the properties against each mutant of the reference, each in a
// run of this program of its own, read back from its JSON report (--strict for a mutant of a
// SHOULD rule, --match-reference-probes for one that answers a PROBE otherwise). A mutant is
// caught when a check of a requirement it declares broke (recall); every broken check must
// name a requirement it declares (precision: a verdict names the rule that broke). A mutant
// that escapes is out of reach when no answer of a run on the reference rested on a
// requirement it declares (the properties do not send what it spoils: signatures, the batch
// call, bodies over the size limit); ulp-conformance --all-mutants covers those.
#pragma once

#include <string>

#include "properties/options.hpp"

namespace ulp::properties {

// Prints a table (mutant, caught, declared, reported) and the totals; 0 when every mutant in
// reach is caught and nothing is falsely attributed, 1 otherwise, 2 when a run went wrong.
int sweep_mutants(const std::string& program, const Options& options);

}  // namespace ulp::properties
