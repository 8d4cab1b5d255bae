// Before the properties run against an endpoint: can it be reached, and does it have the two
// repositories named (a read-only BatchCheckLayerAvailability in each), or can it create and
// delete one (when the run creates its own)? An endpoint that is down, misnamed or refuses
// is an error of the run, not a failure of a property.
#pragma once

#include <optional>
#include <string>

#include "core/target.hpp"
#include "properties/property_run.hpp"

namespace ulp::properties {

// What is wrong, or nullopt.
std::optional<std::string> preflight(Target& target, const PropertyRun& run);

}  // namespace ulp::properties
