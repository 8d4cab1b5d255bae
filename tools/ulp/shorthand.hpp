// The aws CLI's shorthand syntax for structure and list-of-structure options:
//   --image-scanning-configuration scanOnPush=true
//   --tags Key=team,Value=ecr Key=env,Value=test
//   --encryption-configuration encryptionType=KMS,kmsKey="arn:aws:kms:...:key/a,b"
// A port of awscli/shorthand.py's ShorthandParser (the grammar and its error messages) and
// BackCompatVisitor (values typed by the model: "true" -> true, "5" -> 5, a single value
// where a list is expected -> a list of one).
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "core/spec.hpp"

namespace ulp::cli {

class ShorthandError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses one shorthand value into an object of strings, lists and objects.
nlohmann::ordered_json parse_shorthand(const std::string& text);  // throws ShorthandError

// Types the parsed strings by the shape (BackCompatVisitor); throws ShorthandError.
void type_by_shape(nlohmann::ordered_json& value, const Shape& shape);

}  // namespace ulp::cli
