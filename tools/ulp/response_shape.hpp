// A response body as botocore hands it to the aws CLI: the output shape's members in the
// model's order, unknown and null members dropped, timestamps as ISO 8601 in local time
// (cli_timestamp_format = iso8601, the v2 default) or as sent (wire).
#pragma once

#include <nlohmann/json.hpp>

#include "core/spec.hpp"

namespace ulp::cli {

nlohmann::ordered_json shape_response(const nlohmann::ordered_json& body, const Shape& output,
                                      bool iso_timestamps = true);

// datetime.fromtimestamp(seconds, tzlocal()).isoformat(): "2024-05-01T12:00:00.250000+00:00".
std::string iso8601_local(double epoch_seconds);

}  // namespace ulp::cli
