// What running one case found: its verdict, the checks behind it, the answers to its probes,
// the wire exchanges, and how to reproduce a failure.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "conformance/exchange.hpp"
#include "conformance/fixture.hpp"
#include "conformance/verdict.hpp"

namespace ulp::conformance {

struct Check {
  int step = 0;
  std::string operation, requirement, level;
  bool passed = true;
  std::string message;  // what was wrong (empty when passed)
};

struct ProbeAnswer {
  int step = 0;
  std::string requirement;
  std::string answer;     // what the target answered: "400 InvalidLayerPartException"
  std::string reference;  // what the reference answers (spec/requirements.json)
  bool as_reference = false;
};

struct CaseResult {
  const Case* test = nullptr;
  Verdict verdict = Verdict::pass;
  std::string reason;                // one line
  std::vector<std::string> details;  // every broken check, one per line
  std::vector<Check> checks;
  std::vector<ProbeAnswer> probes;
  std::map<std::string, Verdict> by_requirement;
  std::vector<Exchange> exchanges;  // the first and last ones when there were many
  std::size_t exchanges_omitted = 0;
  std::vector<std::string> reproduction;
  std::vector<std::string> warnings;
  std::string expected_failure;  // the reason given in --expected-failures
  double seconds = 0;
  int requests = 0;
};

}  // namespace ulp::conformance
