#include "tools/ulp/progress_bar.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace ulp::cli {

namespace {

void write_stderr(const std::string& text) {
  (void)!::write(STDERR_FILENO, text.data(), text.size());
}

// One column short of the terminal: a line as wide as it wraps on some terminals.
int line_width() {
  winsize ws{};
  const int columns =
      ::ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 ? ws.ws_col : 80;
  return columns - 1;
}

}  // namespace

ProgressBar::ProgressBar(std::uint64_t total_bytes, bool terminal)
    : total_(total_bytes), terminal_(terminal), start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() {
  finish();
}

std::string ProgressBar::render(std::uint64_t done, std::uint64_t total, double seconds,
                                const std::string& note, int width) {
  constexpr int kCells = 30, kFewestCells = 10;
  const double fraction = total == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
  const double mib = 1024.0 * 1024.0;
  char text[128];
  std::snprintf(text, sizeof text, " %3d%%  %.1f/%.1f MiB  %.1f MiB/s",
                static_cast<int>(fraction * 100), static_cast<double>(done) / mib,
                static_cast<double>(total) / mib,
                seconds > 0 ? static_cast<double>(done) / mib / seconds : 0.0);
  const std::string marked = note.empty() ? "" : "  " + note;
  // On a narrow line the bar gives way first, so that the numbers and the note stay whole.
  // The numbers' room is fixed, so that the bar keeps its size while they grow.
  constexpr int kNumbersRoom = sizeof " 100%  9999.9/9999.9 MiB  999.9 MiB/s" - 1;
  const int cells = width > 0
                        ? std::clamp(width - 2 - kNumbersRoom - static_cast<int>(marked.size()),
                                     kFewestCells, kCells)
                        : kCells;
  const int filled = static_cast<int>(fraction * cells);
  std::string line = "[" + std::string(static_cast<std::size_t>(filled), '#') +
                     std::string(static_cast<std::size_t>(cells - filled), '.') + "]" + text +
                     marked;
  // The notes are ASCII, so a byte is a column.
  if (width > 0 && line.size() > static_cast<std::size_t>(width))
    line.resize(static_cast<std::size_t>(width));
  return line;
}

void ProgressBar::draw() {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  write_stderr("\r" + render(done_, total_, seconds, note_, line_width()) + "\x1b[K");
  drawn_ = true;
}

void ProgressBar::update(std::uint64_t done) {
  done_ = done;
  if (terminal_) draw();
}

void ProgressBar::note(std::string text) {
  note_ = std::move(text);
  if (terminal_) draw();
}

void ProgressBar::say(const std::string& line) {
  if (!terminal_) {
    write_stderr(line + "\n");
    return;
  }
  write_stderr("\r\x1b[K" + line + "\n");
  draw();
}

void ProgressBar::finish() {
  if (!drawn_) return;
  write_stderr("\r\x1b[K");
  drawn_ = false;
}

}  // namespace ulp::cli
