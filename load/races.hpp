// A racing client: instead of pushing plainly it sends two requests at the same instant, on
// two connections opened beforehand, cycling through four races, and judges each pair of
// answers by its rule (core/races.hpp, the "race" of a requirement in spec/requirements.json):
//
//   LIFE-RACE                the same part twice
//   LIFE-RACE-PART-COMPLETE  the next part against the completion of the bytes before it
//   LIFE-RACE-COMPLETE-TWICE two completions with the right digest
//   LIFE-PROBE-DELETE-RACE   a part against DeleteRepository (force) of the client's own
//                            repository; then LIFE-DELETE-ENDS-UPLOADS: once the repository
//                            is created again, the old upload takes no part
//
// Each race leaves the upload settled and its layer, if any, checked as a plain push's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "load/run.hpp"

namespace ulp::load {

// The races' rules, in the order a racing client cycles through them.
const std::vector<std::string>& race_requirements();

// `a` and `b`: the client's two connections. `index` picks where in the cycle it starts.
void race_layers(RunState& run, Session& a, Session& b, int index, std::uint64_t seed);

}  // namespace ulp::load
