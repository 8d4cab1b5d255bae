// The names and functions a case's ${expressions} see while it runs: its variables (saved
// values, the forEach value, ${i}), the run's context (repositories, registry, region), the
// limits profile, spec constants, and its blobs.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "conformance/blob.hpp"
#include "conformance/expression.hpp"
#include "conformance/fixture.hpp"
#include "conformance/repositories.hpp"
#include "conformance/run_settings.hpp"

namespace ulp::conformance {

class CaseEnvironment : public Environment {
 public:
  CaseEnvironment(const Case& c, const RunSettings& settings, CaseRepositories& repositories);

  nlohmann::json name(const std::string& name) override;
  nlohmann::json call(const std::string& function, const std::vector<NodePtr>& args) override;

  void set(const std::string& variable, nlohmann::json value) { variables_[variable] = value; }
  // A template with its ${expressions} evaluated and {"$blob": ...} as base64 text.
  nlohmann::json resolve(const nlohmann::json& template_value);
  const Blob& blob(const std::string& name);            // a blob of the case's "blobs"
  const Blob& blob(const nlohmann::json& inline_spec);  // {"size": ..., "seed": ...}
  std::int64_t integer(const nlohmann::json& integer_or_expression);

 private:
  const Case& case_;
  const RunSettings& settings_;
  CaseRepositories& repositories_;
  std::map<std::string, nlohmann::json> variables_;
  std::map<std::string, bool> resolved_;  // forEach values are templates, resolved when used
  std::map<std::string, std::unique_ptr<Blob>> blobs_;
  std::mt19937_64 uuids_;
};

// A limit of the profile by its name in spec/profiles ("maxPartBytes"); nullopt if none.
std::optional<std::int64_t> limit_named(const Profile& limits, const std::string& name);

}  // namespace ulp::conformance
