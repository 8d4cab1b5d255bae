// Conformance cases, loaded from fixtures/conformance/**/*.json: each file is checked against
// spec/fixture.schema.json, then against the spec (requirements, operations, errors and shapes
// exist; expressions parse and name only what will exist). A forEach case is expanded into
// one case per value. Any problem is a LoadError naming the file and the field.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "conformance/json_schema.hpp"

namespace ulp::conformance {

struct BlobSpec {
  nlohmann::json size;  // an integer, or an expression over the limits ("maxPartBytes+1")
  std::uint64_t seed = 0;
};

struct Expectation {
  std::string requirement;          // its own, else its step's
  bool success = false;             // a 2xx answer
  bool refused = false;             // a 4xx answer
  std::vector<std::string> errors;  // any of these error names
  std::optional<nlohmann::json> status, successes;
  // With copies or alongside: the answers are a combination the requirement's race rule allows
  // (core/races.hpp).
  bool race = false;
  std::vector<std::pair<std::string, nlohmann::json>> headers, body;  // name/path -> matcher
  std::string body_shape;
  std::string where;  // "steps[2].expect[1]", for messages
};

struct Step {
  std::string title, op;
  std::optional<nlohmann::json> request;  // a template: object, or a string expression
  std::vector<std::string> omit;
  std::optional<std::string> raw_body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<std::string> omit_headers;
  std::string signing;  // how the step is signed (conformance/step_signing.hpp); "": as usual
  std::optional<nlohmann::json> repeat;
  int copies = 1;
  // Other requests sent at the same instant, each on its own connection: op and request only.
  std::vector<Step> alongside;
  double wait_seconds = 0;
  std::vector<Expectation> expect;
  std::vector<std::pair<std::string, std::string>> save;  // variable -> member path
};

struct Case {
  std::string id;                   // "val-required/uploadId" for a variant
  std::string fixture_id, variant;  // "val-required", "uploadId"
  std::string title, description;
  std::filesystem::path file;
  std::vector<std::string> requirements, tags;
  std::map<std::string, BlobSpec> blobs;
  std::vector<Step> steps;
  std::map<std::string, nlohmann::json> variables;  // the forEach variable, bound

  // Requirement IDs the case checks: declared, and named by its expectations.
  std::vector<std::string> checked_requirements() const;
};

struct LoadError {
  std::string file, field, message;
  std::string text() const;  // "FILE: FIELD: MESSAGE"
};

struct Fixtures {
  std::vector<Case> cases;  // sorted by ID
  std::vector<LoadError> errors;
};

// Loads every *.json under each directory (recursively), in path order.
Fixtures load_fixtures(const std::vector<std::filesystem::path>& dirs, const JsonSchema& schema);
// One fixture from its text (tests; and the building block of load_fixtures).
void load_fixture(const std::filesystem::path& file, const std::string& text,
                  const JsonSchema& schema, Fixtures& into);

// Names an expression may use besides saved values and variables (for the load-time check).
const std::vector<std::string>& context_names();  // repositoryName, ...
const std::vector<std::string>& limit_names();    // minPartBytes, ...

// "maxPartBytes+1", "${maxPartBytes+1}" or 7 -> the expression text "maxPartBytes+1" / "7".
std::string expression_text(const nlohmann::json& integer_or_expression);

}  // namespace ulp::conformance
