// One operation command (upload-layer-part, ...) from its command line to its output, in the
// aws CLI's order of checks: options, files and shorthand (252), --cli-input-* (252),
// --generate-cli-skeleton, profile (255), region (253), blobs (255), parameter validation
// (252), credentials (253), the call (254 for a service error, 255 for no answer).
#pragma once

#include <string>
#include <vector>

#include "tools/ulp/arg_parser.hpp"
#include "tools/ulp/command_table.hpp"
#include "tools/ulp/global_options.hpp"

namespace ulp::cli {

// The operation's own options: one per input member (and --no-X for booleans), plus
// --cli-input-json, --cli-input-yaml and --generate-cli-skeleton.
ArgParser operation_parser(const Command& command);

// Returns the exit code; throws CliError for failures.
int run_operation(const Command& command, const std::vector<std::string>& args,
                  const GlobalOptions& globals);

}  // namespace ulp::cli
