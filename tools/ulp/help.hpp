// `ulp help`, `ulp <command> help`, and `ulp --version`.
#pragma once

#include <string>

#include "tools/ulp/command_table.hpp"

namespace ulp::cli {

std::string version_text();
std::string main_help();
std::string command_help(const Command& command);

}  // namespace ulp::cli
