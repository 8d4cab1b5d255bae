// --cli-auto-prompt: on a terminal, ask for the required options a command line lacks.
// (The aws CLI opens a full-screen prompter; ulp asks one line per missing option, which is
// what scripts replaying a case need when they leave a value out.)
#pragma once

#include <string>
#include <vector>

#include "tools/ulp/arg_parser.hpp"
#include "tools/ulp/command_table.hpp"

namespace ulp::cli {

// Whether there is a terminal to ask on.
bool can_prompt();

// The command line with an answer added for each missing required option; options the
// user leaves empty stay missing.
std::vector<std::string> prompt_for_missing(const Command& command, const ArgParser& parser,
                                            std::vector<std::string> args);

}  // namespace ulp::cli
