// The crash test's output: plain lines on stdout, and on a terminal a progress line on stderr
// that those lines never garble.
#pragma once

#include <mutex>
#include <string>

namespace ulp::crash {

class Console {
 public:
  Console();
  void line(const std::string& text);      // a line of the record, from any thread
  void progress(const std::string& text);  // replaces the progress line; nothing off a terminal
  void end_progress();

 private:
  std::mutex mutex_;
  bool terminal_ = false;
  bool showing_ = false;
};

Console& console();

}  // namespace ulp::crash
