#include "tools/ulp/debug_log.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>

namespace ulp::cli::debug_log {

namespace {
bool on = false;
}

void enable(bool value) {
  on = value;
}

bool enabled() {
  return on;
}

void write(const std::string& logger, const std::string& message) {
  if (!on) return;
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  std::tm tm{};
  localtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
  char millis[8];
  std::snprintf(millis, sizeof millis, ",%03d", static_cast<int>(ms.count()));
  std::cerr << stamp << millis << " - MainThread - " << logger << " - DEBUG - " << message << "\n";
}

}  // namespace ulp::cli::debug_log
