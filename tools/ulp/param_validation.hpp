// The client-side checks botocore makes before sending (its ParamValidator), with its
// messages: required members, unknown members, types, and the model's minimum lengths and
// values. Patterns and maximums are left to the service, as botocore leaves them.
#pragma once

#include <string>
#include <vector>

#include "core/spec.hpp"
#include "tools/ulp/call_parameters.hpp"

namespace ulp::cli {

// Every failure, in botocore's order; empty when the parameters pass. The aws CLI prints
// them after "Parameter validation failed:" and exits 252.
std::vector<std::string> validate_parameters(const CallParameters& parameters, const Shape& input);

}  // namespace ulp::cli
