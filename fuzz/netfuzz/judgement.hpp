// The oracles of one call: the endpoint's answer against the spec (its form, the invariants
// of byte ranges and response fields) and against the in-process reference's answer to the
// same call (status class, __type, lastByteReceived, lastValidByteReceived, digest), where
// the expectation says the outcome is documented. PROBE-level differences are notes.
#pragma once

#include <string>
#include <vector>

#include "core/grading.hpp"
#include "core/target.hpp"
#include "fuzz/netfuzz/expectation.hpp"
#include "fuzz/netfuzz/session_model.hpp"

namespace ulp::netfuzz {

struct Finding {
  std::string requirement;
  Level level = Level::must;
  ulp::Verdict verdict = ulp::Verdict::fail;  // graded by the one policy (core/grading.hpp)
  std::string what;  // "accepted a part the spec refuses: first byte 41, the upload expects 32"
};

struct Judgement {
  std::vector<Finding> findings;  // broken MUST and SHOULD (and PROBEs under
                                  // --match-reference-probes): divergences
  std::vector<Finding> notes;     // PROBE answers unlike the reference's: recorded (INFO)
  // The reference itself disagrees with the expectation: a fault of this tool or of the
  // reference, never of the endpoint.
  std::vector<std::string> oracle_faults;
  bool states_may_differ = false;  // acceptance differed: later calls would mean other things
};

struct CallContext {
  const std::string& op;
  const Request& to_endpoint;
  const Request& to_reference;
  const Expectation& expectation;
  const SessionModel& session;  // before the call
  const GradingPolicy& policy;
  bool signed_as_usual = false;  // refused for its signature, it breaks AUTH-SIGNED
};

// Whether a divergence fails the run under the policy: one of its findings does.
bool fails_run(const Judgement& judgement, const GradingPolicy& policy);

Judgement judge(const CallContext& call, const Response& endpoint, const Response& reference);

}  // namespace ulp::netfuzz
