// --cli-input-json and --cli-input-yaml: a whole request as a document (a literal, or
// file://PATH), of which the members not already given on the line are used.
#pragma once

#include <optional>
#include <string>

#include "tools/ulp/arg_parser.hpp"
#include "tools/ulp/call_parameters.hpp"

namespace ulp::cli {

// The raw values of the two options, files loaded (as the CLI loads every option's file).
struct CliInput {
  std::optional<std::string> json, yaml;
};
CliInput load_cli_input(const ParsedArgs& parsed);  // throws CliError (252)

// Parses the document and merges it into `parameters`; throws CliError (252) with the aws
// CLI's messages: "Invalid JSON received.", "Invalid type: expecting map, ...", "Only one
// --cli-input- parameter may be specified."
void apply_cli_input(const CliInput& input, CallParameters& parameters);

// Python's str(type(v)) for a JSON value: "<class 'list'>".
std::string python_type_name(const nlohmann::ordered_json& value);

}  // namespace ulp::cli
