#include "reference/tests/crash/console.hpp"

#include <unistd.h>

#include <cstdio>

namespace ulp::crash {

Console::Console() : terminal_(::isatty(STDERR_FILENO) == 1) {}

void Console::line(const std::string& text) {
  std::lock_guard lock(mutex_);
  if (showing_) std::fputs("\r\033[K", stderr);
  showing_ = false;
  std::fputs((text + "\n").c_str(), stdout);
  std::fflush(stdout);
}

void Console::progress(const std::string& text) {
  if (!terminal_) return;
  std::lock_guard lock(mutex_);
  std::fputs(("\r\033[K" + text).c_str(), stderr);
  std::fflush(stderr);
  showing_ = true;
}

void Console::end_progress() {
  std::lock_guard lock(mutex_);
  if (showing_) std::fputs("\r\033[K", stderr);
  showing_ = false;
}

Console& console() {
  static Console instance;
  return instance;
}

}  // namespace ulp::crash
