// What the server may answer a client that resumes after a crash, and what it may not.
//
// A client knows the position the server acknowledged, and whether the answer to the part it
// is sending was ever lost (a transport error, or a 5xx at a kill). After a restart the
// upload must be at the acknowledged position, or at that position plus the part whose
// answer was lost (if the part became durable before the kill); never anywhere else. An
// upload ends only by its own completion, and a layer holds exactly the client's bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/target.hpp"

namespace ulp::crash {

// One part: bytes [first, first + size) sent to an upload whose acknowledged position (the
// next byte it expects) is `first`.
struct PartSent {
  std::int64_t first = 0, size = 0;
  bool answer_lost = false;  // some earlier send of this same part had no answer
};

// The upload's position after the answer, or the violation it shows.
struct PartVerdict {
  std::optional<std::int64_t> position;
  std::string violation;
};

PartVerdict judge_part(const PartSent& part, const Response& answer);

struct CompletionVerdict {
  enum Kind { completed, check_availability, violation } kind = violation;
  std::string text;  // the violation
};

// `digest` is the SHA-256 of the client's bytes; `answer_lost` as for a part.
CompletionVerdict judge_completion(const std::string& digest, bool answer_lost,
                                   const Response& answer);

// BatchCheckLayerAvailability for one layer: nullopt when it is AVAILABLE with that size.
std::optional<std::string> judge_availability(const std::string& digest, std::int64_t size,
                                              const Response& answer);

// "HTTP 400 InvalidLayerException: <message>", for violation records.
std::string describe(const Response& answer);

}  // namespace ulp::crash
