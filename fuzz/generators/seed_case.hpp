// A sequence of calls a seed is made from: a conformance fixture (expanded), or one of the
// built-in flows written from spec/. Its strings may hold ${expressions} (seed_expression.hpp),
// bound when the case runs.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ulp::fuzz {

struct SeedStep {
  std::string op;
  std::optional<nlohmann::json> request;  // a JSON body template
  std::optional<std::string> raw_body;    // or the body's bytes
  std::vector<std::string> omit;          // members removed after expansion
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<std::string> omit_headers;
  std::vector<std::pair<std::string, std::string>> save;  // variable -> member path
  int repeat = 1;
  std::int64_t wait_seconds = 0;
};

struct SeedCase {
  std::string id;
  std::map<std::string, nlohmann::json> blobs;      // name -> {"size": ..., "seed": ...}
  std::map<std::string, nlohmann::json> variables;  // a forEach value, bound
  std::vector<SeedStep> steps;
};

}  // namespace ulp::fuzz
