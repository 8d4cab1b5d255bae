// ulp-reference-server as a child process that the crash test starts, kills with SIGKILL and
// starts again on the same port and data directory.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ulp::crash {

struct ServerCommand {
  std::string binary;
  std::vector<std::string> args;  // all but --port
  std::filesystem::path log;      // its stderr is appended here
};

class ServerProcess {
 public:
  explicit ServerProcess(ServerCommand command) : command_(std::move(command)) {}
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  struct Started {
    int port = -1;        // -1: it did not start; see why
    bool exited = false;  // it ended before listening (a busy port, a held lock)
    int exit_code = -1;   // when it exited
    std::string why;
  };
  // Starts it on `port` (0: any free one) and waits, until the deadline, for its line
  // `listening on http://127.0.0.1:PORT`.
  Started start(int port, std::chrono::steady_clock::time_point deadline);
  void kill();  // SIGKILL, and reaps it
  // SIGTERM, then the wait status; after the grace it is killed and nullopt returned.
  std::optional<int> terminate(std::chrono::milliseconds grace);
  bool running() const { return pid_ > 0; }
  const ServerCommand& command() const { return command_; }

 private:
  void reap(int* status);
  ServerCommand command_;
  pid_t pid_ = -1;
  int stdout_ = -1;
};

std::string describe_wait_status(int status);

}  // namespace ulp::crash
