// Before the properties run against an endpoint: can it be reached, and are the two
// repositories there? A read-only request each (BatchCheckLayerAvailability), so that an
// endpoint that is down or misnamed is an error of the run, not a failure of a property.
#pragma once

#include <array>
#include <optional>
#include <string>

#include "core/target.hpp"

namespace ulp::properties {

// What is wrong, or nullopt when the endpoint answers and names neither repository unknown.
std::optional<std::string> preflight(Target& target,
                                     const std::array<std::string, 2>& repositories);

}  // namespace ulp::properties
