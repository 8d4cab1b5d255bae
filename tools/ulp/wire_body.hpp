// The JSON body sent for a call. Blobs go out as base64: bytes read with fileb:// are
// encoded; text is first decoded as the aws CLI decodes it under --cli-binary-format
// base64 (Python's lenient b64decode; "Invalid base64" otherwise, exit 255) or taken as raw
// text under raw-in-base64-out.
#pragma once

#include <string>

#include "core/spec.hpp"
#include "tools/ulp/call_parameters.hpp"

namespace ulp::cli {

// Replaces every top-level blob's text in `parameters` by its bytes, once, as the CLI does
// before validating (botocore then sees bytes). Throws CliError (255) for invalid base64.
void decode_blobs(CallParameters& parameters, const Shape& input, const std::string& binary_format);

// The body: the members as JSON, each blob spliced in as base64 without a JSON round trip.
std::string wire_body(const CallParameters& parameters, const Shape& input);

}  // namespace ulp::cli
