// What the spec says of a call, before anyone answers it: the faults the request has, each
// tied to the requirement it breaks (spec/requirements.json) and the errors that requirement
// allows. Derived from the request's bytes and the session so far, independently of the
// reference, so that the reference's own answer is checked too.
//
// A call without faults must succeed. A MUST or SHOULD fault makes refusal documented; a
// PROBE fault (an undocumented point, or a label "PROBE:...") leaves acceptance and the
// error undocumented: answers are then recorded, not judged.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/target.hpp"
#include "fuzz/netfuzz/session_model.hpp"

namespace ulp::netfuzz {

enum class Level { must, should, probe };
std::string level_name(Level level);  // "MUST", "SHOULD", "PROBE"

struct Fault {
  std::string requirement;
  Level level = Level::must;
  std::set<std::string> errors;  // the errors it allows; empty: any client error
  std::string why;               // "first byte 41, the upload expects 32"
};

struct Expectation {
  std::vector<Fault> faults;

  const Fault* refusing_fault() const;  // the first MUST or SHOULD fault, if any
  bool acceptance_documented() const;   // no fault, or a refusing one
  // The errors a refusal may name; nullopt when some fault allows any.
  std::optional<std::set<std::string>> allowed_errors() const;
  std::vector<const Fault*> probes() const;
};

Expectation expect(const Request& sent_to_reference, const SessionModel& session);

// A call signed wrongly on purpose (`signing`, a mode of core/spoiled_signing.hpp): refused
// with the refusal spec/protocol.json names for it, whatever the rest of the request is.
Expectation expect_refused_signature(const std::string& signing);

// The requirement a call without faults rests on, to name a refusal of it.
std::string success_requirement(const std::string& op, const Request& sent,
                                const SessionModel& session);

}  // namespace ulp::netfuzz
