// Ctrl-C (or SIGTERM) ends a crash run early but in order: clients stopped, server stopped,
// the record printed. A second one ends the process at once.
#pragma once

namespace ulp::crash {

void catch_interrupts();
bool interrupted();

}  // namespace ulp::crash
