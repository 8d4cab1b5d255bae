// What running one case found, in the results model every driver shares: a conformance case,
// a property sequence and a netfuzz run are each a case, and their checks are graded by one
// policy (core/grading.hpp). It holds the case's verdict, every check with the requirement it
// tests, the requirements left unreached and what blocked them, the answers to its probes,
// the wire exchanges, and how to reproduce a failure.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "conformance/exchange.hpp"
#include "core/grading.hpp"

namespace ulp::conformance {

struct Case;

// What a report says of the case itself.
struct CaseInfo {
  std::string id, title;
  std::string file;      // where it is defined: a fixture file, or the driver that made it
  std::string category;  // "byte-range", ...; a driver's name for a generated case
  std::vector<std::string> requirements, tags;

  static CaseInfo of(const Case& c);
};

// One expectation judged on one answer, graded by its requirement's level.
struct Check {
  int step = 0;
  std::string operation, requirement, level;
  Verdict verdict = Verdict::pass;  // core/grading.hpp's grade()
  std::string message;              // what was wrong (empty when it held)
  bool passed() const { return !broken(verdict); }
};

// The first check whose break stopped the case; the checks after it were never judged.
struct Blocker {
  int step = 0;
  std::string requirement;  // empty when no check broke (no answer, a suite fault, the budget)
  std::string what;         // "ULP-RANGE-OVERLAP at proto-content-type step 3"
};

struct ProbeAnswer {
  int step = 0;
  std::string requirement;
  std::string answer;     // what the target answered: "400 InvalidLayerPartException"
  std::string reference;  // what the reference answers (spec/requirements.json)
  bool as_reference = false;
};

struct CaseResult {
  CaseInfo test;
  Verdict verdict = Verdict::pass;
  std::string reason;                // one line
  std::vector<std::string> details;  // every broken check, one per line, the first first
  std::vector<Check> checks;
  std::optional<Blocker> blocker;
  std::vector<std::string> unreached;  // a requirement per check never judged, in order
  std::vector<ProbeAnswer> probes;
  std::map<std::string, Verdict> by_requirement;  // attribute() below
  std::vector<Exchange> exchanges;                // the first and last ones when there were many
  std::size_t exchanges_omitted = 0;
  std::vector<std::string> reproduction;
  std::vector<std::string> warnings;
  std::string expected_failure;  // the reason given in --expected-failures
  double seconds = 0;
  int requests = 0;
  int retries = 0;  // requests sent again for throttling or a transient fault

  // The requirement that broke first: the root cause (empty when none broke).
  std::string root_cause() const;
  // The requirements with no check judged, once each, in order.
  std::vector<std::string> unreached_requirements() const;
};

// Each requirement's verdict in the case, from its own checks alone: the worst of them; NOT
// REACHED when it was left unreached and none of its checks ran; the requirements the case
// declares and never checked take the case's SKIP or ERROR. Sets `by_requirement`.
void attribute(CaseResult& r);

}  // namespace ulp::conformance
