// ulp-reference-server as a child process that the crash test starts, kills with SIGKILL and
// starts again on the same port and data directory.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/child_process.hpp"

namespace ulp::crash {

struct ServerCommand {
  std::string binary;
  std::vector<std::string> args;  // all but --port
  std::filesystem::path log;      // its stderr is appended here
};

class ServerProcess {
 public:
  explicit ServerProcess(ServerCommand command) : command_(std::move(command)) {}

  struct Started {
    int port = -1;        // -1: it did not start; see why
    bool exited = false;  // it ended before listening (a busy port, a held lock)
    int exit_code = -1;   // when it exited
    std::string why;
  };
  // Starts it on `port` (0: any free one) and waits, until the deadline, for its line
  // `listening on http://127.0.0.1:PORT`.
  Started start(int port, std::chrono::steady_clock::time_point deadline);
  void kill() { child_.kill(); }  // SIGKILL, and reaps it
  // SIGTERM, then the wait status; after the grace it is killed and nullopt returned.
  std::optional<int> terminate(std::chrono::milliseconds grace);
  bool running() const { return child_.running(); }
  const ServerCommand& command() const { return command_; }

 private:
  ServerCommand command_;
  ChildProcess child_;
};

}  // namespace ulp::crash
