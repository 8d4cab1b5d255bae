// Where output goes: through the configured pager when stdout is a terminal (the aws CLI v2
// pipes into `less` with LESS=FRX by default), else straight to stdout.
#pragma once

#include <optional>
#include <string>

namespace ulp::cli {

// Throws CliError (253) when the pager cannot be started.
void write_output(const std::string& text, const std::optional<std::string>& pager);

bool stdout_is_terminal();
int terminal_width();  // of stdout; 80 when it is not a terminal

}  // namespace ulp::cli
