#include "core/races.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "spec/embedded.hpp"

namespace ulp {

using nlohmann::json;

std::string outcome_of(const Response& r) {
  if (r.status == 0) return "no answer";
  if (r.ok()) return "success";
  if (!r.error_type.empty()) return r.error_type;
  return "status " + std::to_string(r.status);
}

namespace {

std::vector<RaceRule> load() {
  std::vector<RaceRule> out;
  const json spec = json::parse(*embedded_file("requirements.json"));
  for (const auto& j : spec.at("requirements")) {
    if (!j.contains("race")) continue;
    RaceRule rule;
    rule.requirement = j.at("id");
    const json& race = j.at("race");
    rule.operations = race.at("operations").get<std::vector<std::string>>();
    for (const auto& combination : race.at("allowed")) {
      if (combination.size() != rule.operations.size())
        throw std::runtime_error("spec/requirements.json: " + rule.requirement +
                                 ": an allowed combination names " +
                                 std::to_string(combination.size()) + " outcomes for " +
                                 std::to_string(rule.operations.size()) + " requests");
      std::vector<std::vector<std::string>> each;
      for (const auto& o : combination)
        each.push_back(o.is_string() ? std::vector<std::string>{o.get<std::string>()}
                                     : o.get<std::vector<std::string>>());
      rule.allowed.push_back(std::move(each));
    }
    out.push_back(std::move(rule));
  }
  return out;
}

std::string alternatives(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names)
    out += (out.empty() ? "" : " or ") + (n == "refused" ? std::string("refused (4xx)") : n);
  return out;
}

}  // namespace

const std::vector<RaceRule>& race_rules() {
  static const std::vector<RaceRule> rules = load();
  return rules;
}

const RaceRule* race_rule(std::string_view requirement) {
  for (const auto& r : race_rules())
    if (r.requirement == requirement) return &r;
  return nullptr;
}

namespace {
bool is(const std::string& allowed, const Response& r) {
  if (allowed == "refused") return r.status >= 400 && r.status < 500;
  return outcome_of(r) == allowed && (r.ok() || (r.status >= 400 && r.status < 500));
}
}  // namespace

bool RaceRule::allows(const std::vector<Response>& answers) const {
  if (answers.size() != operations.size()) return false;
  for (const auto& combination : allowed) {
    bool all = true;
    for (std::size_t i = 0; i < answers.size() && all; ++i)
      all = std::any_of(combination[i].begin(), combination[i].end(),
                        [&](const std::string& a) { return is(a, answers[i]); });
    if (all) return true;
  }
  return false;
}

std::optional<std::string> RaceRule::breach(const std::vector<Response>& answers) const {
  if (allows(answers)) return std::nullopt;
  std::vector<std::string> outcomes;
  for (const auto& r : answers) outcomes.push_back(outcome_of(r));
  std::string got;
  for (std::size_t i = 0; i < outcomes.size(); ++i)
    got += (i ? ", " : "") + (i < operations.size() ? operations[i] : "?") + ": " + outcomes[i];
  return "sent at once, the answers were (" + got + "); " + requirement + " allows " +
         describe_allowed();
}

std::string RaceRule::describe_allowed() const {
  std::string out;
  for (const auto& combination : allowed) {
    std::string one;
    for (std::size_t i = 0; i < combination.size(); ++i)
      one += (i ? ", " : "") + operations[i] + ": " + alternatives(combination[i]);
    out += (out.empty() ? "(" : " or (") + one + ")";
  }
  return out;
}

}  // namespace ulp
