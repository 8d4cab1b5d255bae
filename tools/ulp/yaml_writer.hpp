// YAML text of a JSON value, exactly as the aws CLI's yaml output prints it. The CLI dumps
// with ruamel.yaml's C emitter, which is libyaml's, so ulp emits through libyaml too (the
// same quoting, folding at 80 columns and indentless sequences) and adds what ruamel's safe
// representer decides: mapping keys sorted, and a string quoted when its plain form would
// read back as another type (yaml_resolver.hpp).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace ulp::cli {

std::string to_yaml(const nlohmann::ordered_json& value);

}  // namespace ulp::cli
