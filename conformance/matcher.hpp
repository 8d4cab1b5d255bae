// Matchers of expected answers (fixture "status", "headers", "body", "successes"): a value to
// equal, or an object of keywords that must all hold: equals, anyOf, not, present, type,
// shape (a model shape: type, length, range, pattern), pattern (RE2), mediaType, min, max.
// Strings hold ${expressions}, so "${uploadId}" is the equals-saved-value matcher.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "conformance/expression.hpp"

namespace ulp::conformance {

// nullopt when `value` (nullptr: absent) satisfies the matcher, else what is wrong:
// "is 10, expected 9".
std::optional<std::string> match(const nlohmann::json& matcher, const nlohmann::json* value,
                                 Environment& env);

// The member at a path of a JSON value: "uploadId", "repository.registryId",
// "layers[0].layerSize"; nullptr when absent (null counts as absent, as in AWS JSON).
const nlohmann::json* member_at(const nlohmann::json& root, const std::string& path);

// A short text of a value for messages; long strings are abbreviated.
std::string short_json(const nlohmann::json& value, std::size_t max = 120);

}  // namespace ulp::conformance
