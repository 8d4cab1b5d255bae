// The line that resends a step's request: the conformance runner's reproduction line
// (core/reproduction.hpp), as `ulp <operation> ...` when the CLI would send the request as it
// is, else as curl. The ulp CLI, as the aws CLI, refuses before sending what botocore's
// parameter validation refuses: a missing required member, a value of the wrong type, a length
// or number under its minimum; such a request is resent with curl, byte for byte.
#pragma once

#include <string>

#include "core/reproduction.hpp"
#include "core/target.hpp"

namespace ulp::properties {

std::string resend_line(const Request& request, const ReproductionOptions& how);

// True when a CLI that validates parameters as botocore does would not send this request.
bool cli_refuses(const Request& request);

}  // namespace ulp::properties
