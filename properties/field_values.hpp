// Valid and invalid values of the request fields, derived from the model's shapes (pattern,
// min, max), each checked against the same validation the reference uses (core/validate.hpp),
// so that a "valid" value is valid and an "invalid" one is invalid by the spec's own rules.
//
//   std::string name = *valid_value("RepositoryName");      // e.g. "a0.b/c"
//   std::string bad = *invalid_value("UploadId");            // e.g. "0a1b" or "...-XYZ"
#pragma once

#include <rapidcheck.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "properties/limits.hpp"

namespace ulp::properties {

// A string of the named string shape that validates: on its pattern, within its length
// bounds, now and then exactly as long as its max allows.
rc::Gen<std::string> valid_value(const std::string& shape);

// A string of the named string shape that fails validation: off its pattern (a character
// inserted, replaced or removed), shorter than its min or longer than its max.
rc::Gen<std::string> invalid_value(const std::string& shape);

// A position below the model's minimum (PartSize min 0): -1, -2, ... down to the long's min.
rc::Gen<std::int64_t> invalid_position(const Limits& limits);

// A layerDigests value that fails validation: too few items, too many, or an item off the
// LayerDigest pattern.
rc::Gen<std::vector<std::string>> invalid_digest_list(const Limits& limits);

// A string that is not base64 (an AWS JSON 1.1 blob must be).
rc::Gen<std::string> invalid_base64();

// True when the named shape accepts the value (core/validate.hpp).
bool valid_for(const std::string& shape, const nlohmann::json& value);

}  // namespace ulp::properties
