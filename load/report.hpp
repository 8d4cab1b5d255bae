// The end of a run, as JSON (--report-json) and as the text printed: throughput, latency
// percentiles per operation, errors by operation and type, race outcomes per rule, violations
// per requirement with level and first example, lost or corrupted bytes, and the verdict. The
// text is rendered from the JSON, so both say the same.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "load/findings.hpp"
#include "load/options.hpp"
#include "load/run.hpp"

namespace ulp::load {

nlohmann::json report_json(const Options& options, const Outcome& outcome, const Grading& grading);
std::string report_text(const nlohmann::json& report);

}  // namespace ulp::load
