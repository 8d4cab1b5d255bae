// The aws CLI's global options (its data/cli.json), which every ulp command takes anywhere on
// its line, plus one ulp extension: --no-param-validation.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tools/ulp/arg_parser.hpp"

namespace ulp::cli {

struct GlobalOptions {
  bool debug = false;
  std::optional<std::string> endpoint_url;
  bool verify_ssl = true;
  bool paginate = true;               // accepted for compatibility; no ulp command pages
  std::optional<std::string> output;  // json | text | table | yaml | yaml-stream
  std::optional<std::string> query;   // a JMESPath expression
  std::optional<std::string> profile;
  std::optional<std::string> region;
  bool version = false;
  std::string color = "auto";  // on | off | auto
  bool sign_request = true;
  std::optional<std::string> ca_bundle;
  std::optional<int> read_timeout, connect_timeout;  // seconds; 0 waits for ever
  std::optional<std::string> binary_format;          // base64 | raw-in-base64-out
  bool no_cli_pager = false;
  bool cli_auto_prompt = false, no_cli_auto_prompt = false;
  // ulp extension: skip the client-side checks (botocore's parameter_validation = false),
  // so that a conformance case's invalid request can be replayed as it was sent.
  bool param_validation = true;
};

// The parser of the main command line: the global options and the command positional.
ArgParser global_parser(const std::vector<std::string>& commands);

// Reads the global options out of parsed arguments (after global_parser().parse_known).
GlobalOptions global_options_from(const ParsedArgs& parsed);

}  // namespace ulp::cli
