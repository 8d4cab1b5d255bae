#include "conformance/interrupt.hpp"

#include <atomic>
#include <csignal>

namespace ulp::conformance {

namespace {
volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void on_interrupt(int) {
  g_interrupted = 1;
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C is not caught
}
}  // namespace

void install_interrupt_handler() {
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGPIPE, SIG_IGN);  // a target that drops the connection is graded, not fatal
}

bool interrupted() {
  return g_interrupted != 0;
}

}  // namespace ulp::conformance
