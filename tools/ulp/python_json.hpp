// JSON text exactly as Python's json.dump(value, indent=4) writes it, which is how the aws
// CLI prints responses (ensure_ascii=False) and skeletons (ensure_ascii=True): 4-space
// indentation, ", " never at line ends, "[]" and "{}" for empty containers, floats as repr().
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace ulp::cli {

// The text and a final newline.
std::string python_json(const nlohmann::ordered_json& value, bool ensure_ascii);

}  // namespace ulp::cli
