// Printing a response as the aws CLI v2 prints it: --output json | text | table | yaml |
// yaml-stream, after --query. Each format lives in its own file; this picks one.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "tools/ulp/jmespath.hpp"

namespace ulp::cli {

struct OutputStyle {
  std::string format = "json";
  const JmesPath* query = nullptr;
  bool color = false;       // tables only, as in the CLI
  int terminal_width = 80;  // tables switch to a vertical layout past it
};

// The text to write to stdout for `response` of `operation` ("UploadLayerPart", the table's
// title). Empty when the CLI prints nothing (an empty response, a falsy table).
std::string format_output(const std::string& operation, const nlohmann::ordered_json& response,
                          const OutputStyle& style);

// The formats, one file each.
std::string format_text(const nlohmann::ordered_json& value);
std::string format_table(const std::string& title, const nlohmann::ordered_json& value, bool color,
                         int terminal_width);

}  // namespace ulp::cli
