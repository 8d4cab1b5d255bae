// The parameters of one call, built from the command line the way the aws CLI builds them:
// option values in the model's member order, loaded from files, parsed as shorthand or JSON,
// then --cli-input-json/--cli-input-yaml filling in what the line did not give.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "tools/ulp/arg_parser.hpp"
#include "tools/ulp/command_table.hpp"

namespace ulp::cli {

struct CallParameters {
  // Member -> value, in the order given (the order botocore validates and reports in). A blob
  // holds its text here: base64 text, or raw text under raw-in-base64-out.
  nlohmann::ordered_json values = nlohmann::ordered_json::object();
  // Top-level blob members read with fileb://: their bytes (values holds a placeholder).
  std::map<std::string, std::string> binary_blobs;
};

// The options of `command` that the operation parser read. Throws CliError (252) as
// "Error parsing parameter '--x': ..." for a file that cannot be read or a malformed value.
CallParameters parameters_from_options(const Command& command, const ParsedArgs& parsed);

// Adds the members of a --cli-input-json/--cli-input-yaml document that the line did not set.
void merge_cli_input(CallParameters& parameters, const nlohmann::ordered_json& document);

}  // namespace ulp::cli
