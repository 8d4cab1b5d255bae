// A JSON Schema (2020-12) validator for the subset spec/fixture.schema.json uses, with errors
// that name the field: "steps[2].expect.error: ...". No Debian package offers a C++ validator;
// an unsupported keyword in a schema is refused rather than silently ignored.
//
//   JsonSchema schema(nlohmann::json::parse(text));
//   if (auto bad = schema.validate(fixture)) std::cerr << bad->path << ": " << bad->message;
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace ulp::conformance {

struct SchemaError {
  std::string path;  // "steps[2].expect.error"; "" for the document itself
  std::string message;
};

class JsonSchema {
 public:
  explicit JsonSchema(nlohmann::json schema);  // throws std::invalid_argument if unsupported

  std::optional<SchemaError> validate(const nlohmann::json& instance) const;

 private:
  std::optional<SchemaError> check(const nlohmann::json& schema, const nlohmann::json& value,
                                   const std::string& path, int depth) const;
  const nlohmann::json& resolve(const nlohmann::json& schema) const;
  nlohmann::json root_;
};

// "steps" + 2 -> "steps[2]"; "expect" + "error" -> "expect.error"; odd keys are quoted.
std::string child_path(const std::string& path, const std::string& key);
std::string child_path(const std::string& path, std::size_t index);

// The closest of `candidates` to `word` when it is close enough to be a typo, else "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace ulp::conformance
