// The fixtures' ${expressions}, evaluated well enough to make seeds: integers with + - *,
// 'strings', names (saved values, context, limits, spec constants such as
// RepositoryName.max) and the functions size, digest, repeat, replicate, uuid, base64Size.
// The conformance runner has the authoritative evaluator; a seed only has to be plausible,
// so what cannot be evaluated here is left as it is written.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace ulp::fuzz {

struct SeedScope {
  std::map<std::string, nlohmann::json> names;  // saved, context, limits, variables
  std::map<std::string, std::string> blobs;     // name -> bytes
  std::function<std::string()> new_uuid;        // uuid()
};

// The value of one expression (the text inside ${...}); nullopt when it cannot be evaluated.
std::optional<nlohmann::json> evaluate_seed_expression(std::string_view text,
                                                       const SeedScope& scope);

// A template string: "${expr}" alone takes the expression's type; text around expressions
// makes a string. Expressions that cannot be evaluated stay as written.
nlohmann::json expand_seed_template(const std::string& text, const SeedScope& scope);

// Every string of a JSON value expanded; {"$blob": name-or-spec} becomes the blob's base64
// (make_blob is called for an inline spec).
nlohmann::json expand_seed_value(
    const nlohmann::json& value, const SeedScope& scope,
    const std::function<std::string(const nlohmann::json&)>& make_blob);

}  // namespace ulp::fuzz
