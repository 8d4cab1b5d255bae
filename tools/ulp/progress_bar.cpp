#include "tools/ulp/progress_bar.hpp"

#include <unistd.h>

#include <cstdio>

namespace ulp::cli {

ProgressBar::ProgressBar(std::uint64_t total_bytes, bool enabled)
    : total_(total_bytes), enabled_(enabled), start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() {
  finish();
}

std::string ProgressBar::render(std::uint64_t done, std::uint64_t total, double seconds) {
  constexpr int kWidth = 30;
  const double fraction = total == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
  const int filled = static_cast<int>(fraction * kWidth);
  std::string bar = "[" + std::string(static_cast<std::size_t>(filled), '#') +
                    std::string(static_cast<std::size_t>(kWidth - filled), '.') + "]";
  const double mib = 1024.0 * 1024.0;
  char text[128];
  std::snprintf(text, sizeof text, " %3d%%  %.1f/%.1f MiB  %.1f MiB/s",
                static_cast<int>(fraction * 100), static_cast<double>(done) / mib,
                static_cast<double>(total) / mib,
                seconds > 0 ? static_cast<double>(done) / mib / seconds : 0.0);
  return bar + text;
}

void ProgressBar::update(std::uint64_t done) {
  if (!enabled_) return;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const std::string line = "\r" + render(done, total_, seconds) + "\x1b[K";
  (void)!::write(STDERR_FILENO, line.data(), line.size());
  drawn_ = true;
}

void ProgressBar::finish() {
  if (!drawn_) return;
  const std::string clear = "\r\x1b[K";
  (void)!::write(STDERR_FILENO, clear.data(), clear.size());
  drawn_ = false;
}

}  // namespace ulp::cli
