// A plain client: pushes layers on its own connection, one after the other, until the run
// ends: InitiateLayerUpload, UploadLayerPart per part, CompleteLayerUpload with the SHA-256
// of the bytes sent, BatchCheckLayerAvailability.
#pragma once

#include <cstdint>

#include "load/run.hpp"

namespace ulp::load {

void push_layers(RunState& run, Session& session, std::uint64_t seed);

}  // namespace ulp::load
