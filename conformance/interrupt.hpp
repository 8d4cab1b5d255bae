// Ctrl-C: the first SIGINT only sets a flag, so that the run stops between steps and still
// deletes its repositories and writes its reports; a second one ends the process at once.
#pragma once

namespace ulp::conformance {

void install_interrupt_handler();
bool interrupted();

}  // namespace ulp::conformance
