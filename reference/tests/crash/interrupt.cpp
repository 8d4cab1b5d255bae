#include "reference/tests/crash/interrupt.hpp"

#include <csignal>

namespace ulp::crash {

namespace {

volatile std::sig_atomic_t caught = 0;

extern "C" void on_interrupt(int sig) {
  caught = 1;
  std::signal(sig, SIG_DFL);
}

}  // namespace

void catch_interrupts() {
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
}

bool interrupted() {
  return caught != 0;
}

}  // namespace ulp::crash
