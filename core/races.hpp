// The races a registry must settle (spec/requirements.json, a requirement's "race"): which
// outcomes two requests sent at once may have. The conformance runner's "alongside" steps and
// ulp-load judge racing requests with the same rule, from this one place.
//
//   const ulp::RaceRule* rule = ulp::race_rule("LIFE-RACE-PART-COMPLETE");
//   if (auto why = rule->breach({part_response, completion_response})) report(*why);
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/target.hpp"

namespace ulp {

// An answer as a race rule names it: "success", the error's name, "status 500", "no answer".
// A rule may also allow "refused": any 4xx answer.
std::string outcome_of(const Response& r);

struct RaceRule {
  std::string requirement;              // its ID
  std::vector<std::string> operations;  // the requests, in the order outcomes are listed
  // Each allowed combination: per request, the outcomes it may have.
  std::vector<std::vector<std::vector<std::string>>> allowed;

  bool allows(const std::vector<Response>& answers) const;
  // Why these answers (one per operation, in order) are not an allowed combination, or nullopt.
  std::optional<std::string> breach(const std::vector<Response>& answers) const;
  // "(UploadLayerPart: success, CompleteLayerUpload: InvalidLayerException) or (...)"
  std::string describe_allowed() const;
};

const RaceRule* race_rule(std::string_view requirement);  // nullptr: it states no race
const std::vector<RaceRule>& race_rules();                // every one, in spec order

}  // namespace ulp
