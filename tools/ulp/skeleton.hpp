// --generate-cli-skeleton: the sample documents the aws CLI prints, generated the way
// botocore's ArgumentGenerator generates them from the model.
//   input       {"registryId": "", ..., "partFirstByte": 0, "layerPartBlob": null}
//   yaml-input  the same as YAML, each member commented with [REQUIRED] and its first sentence
//   output      the output shape with member names as values, printed by the output formatter
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/spec.hpp"

namespace ulp::cli {

nlohmann::ordered_json input_skeleton(const Shape& input);
nlohmann::ordered_json output_skeleton(const Shape& output);
std::string yaml_input_skeleton(const Shape& input);

}  // namespace ulp::cli
