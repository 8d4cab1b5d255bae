// Seed cases written from spec/, for what the fixtures may not (yet) cover: the upload flow
// and each of its faults, every operation's request with each member missing, null, of the
// wrong type, or just outside its shape's constraints, and protocol-level oddities. Sizes
// are expressions over the limits (${maxPartBytes+1}), so they follow the profile.
#pragma once

#include <vector>

#include "fuzz/generators/seed_case.hpp"

namespace ulp::fuzz {

std::vector<SeedCase> builtin_flow_cases();        // the byte-range state machine and lifecycle
std::vector<SeedCase> builtin_validation_cases();  // each operation's members, from the model
std::vector<SeedCase> builtin_protocol_cases();    // headers and bodies AWS JSON 1.1 refuses

}  // namespace ulp::fuzz
