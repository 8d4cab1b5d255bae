// push-layer's stderr. On a terminal, one line redrawn in place,
// "[##########..........]  50%  10.0/20.0 MiB  85.3 MiB/s  resumed at byte 10485760", cut to
// the terminal's width so that a redraw never wraps. Elsewhere only the lines said with
// say() are written, one per event, so that logs and pipes stay clean.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace ulp::cli {

class ProgressBar {
 public:
  ProgressBar(std::uint64_t total_bytes, bool terminal);
  ~ProgressBar();
  void update(std::uint64_t done_bytes);
  // A state shown after the numbers until the next note ("" clears it); terminal only.
  void note(std::string text);
  // A line that stays: above the bar on a terminal, plain on stderr elsewhere.
  void say(const std::string& line);
  void finish();  // clears the line

  // The line for a state, without terminal control characters, at most `width` columns
  // when width > 0 (tests read it).
  static std::string render(std::uint64_t done, std::uint64_t total, double seconds,
                            const std::string& note = "", int width = 0);

 private:
  void draw();

  std::uint64_t total_, done_ = 0;
  bool terminal_, drawn_ = false;
  std::string note_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace ulp::cli
