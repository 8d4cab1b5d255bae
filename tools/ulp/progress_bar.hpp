// push-layer's progress on a terminal: one line on stderr, redrawn in place,
// "[##########..........]  50%  10.0/20.0 MiB  85.3 MiB/s". Silent when stderr is not a
// terminal, so logs and pipes stay clean.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace ulp::cli {

class ProgressBar {
 public:
  explicit ProgressBar(std::uint64_t total_bytes, bool enabled);
  ~ProgressBar();
  void update(std::uint64_t done_bytes);
  void finish();  // clears the line

  // The line for a state, without terminal control characters (tests read it).
  static std::string render(std::uint64_t done, std::uint64_t total, double seconds);

 private:
  std::uint64_t total_;
  bool enabled_, drawn_ = false;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace ulp::cli
