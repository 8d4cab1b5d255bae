// A divergent run as a conformance fixture (spec/fixture.schema.json) that ulp-conformance
// can take: the calls up to the divergence, with the fixtures' own names for what each run
// binds (${repositoryName}, saved ${uploadId<k>}), each step expecting what the spec says,
// the divergent step graded by the requirement the endpoint broke.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "fuzz/netfuzz/runner.hpp"

namespace ulp::netfuzz {

nlohmann::json fixture_of(const RunRecord& run, const std::string& id,
                          const std::string& how_found);

}  // namespace ulp::netfuzz
