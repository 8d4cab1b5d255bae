// --debug: what ulp resolved and sent, on stderr, in the aws CLI's log line format
// ("2024-05-01 12:00:00,123 - MainThread - ulp.session - DEBUG - ...").
#pragma once

#include <string>

namespace ulp::cli::debug_log {

void enable(bool on);
bool enabled();
void write(const std::string& logger, const std::string& message);

}  // namespace ulp::cli::debug_log
