// A program run as a child process by the tools and tests that start a server (the
// reference's, docker-registry) and read what it prints: stdout on a pipe; stderr inherited,
// on a pipe (only for short-lived processes, whose few lines fit in it) or appended to a file.
// The child dies with this process (PR_SET_PDEATHSIG), so that a crashed test or benchmark
// leaves no server behind; one still running when this object goes is killed.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ulp {

class ChildProcess {
 public:
  enum class Stderr { inherit, capture, file };
  struct Options {
    std::vector<std::string> argv;  // argv[0]: the program's path
    Stderr stderr_to = Stderr::inherit;
    std::filesystem::path stderr_file;                     // Stderr::file: appended to
    std::vector<std::pair<std::string, std::string>> env;  // set or replaced in the child's
  };

  ChildProcess() = default;
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Starts it; false, with the reason in `why`, when it cannot. A program that cannot be
  // executed shows as exit code 127 with nothing printed.
  bool spawn(const Options& options, std::string* why = nullptr);

  // The next line on stdout, without its newline; nullopt on timeout or end of output.
  std::optional<std::string> read_line(std::chrono::nanoseconds timeout);
  // Everything it writes to stdout (or, captured, stderr) until it closes it, or the timeout.
  std::string rest_of_stdout(std::chrono::nanoseconds timeout);
  std::string captured_stderr(std::chrono::nanoseconds timeout);

  // Its wait status once it ended; nullopt while it still runs at the timeout.
  std::optional<int> wait_exit(std::chrono::nanoseconds timeout);
  // SIGTERM, then wait_exit.
  std::optional<int> terminate(std::chrono::nanoseconds timeout);
  void kill();  // SIGKILL, and reaped: a crash

  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

 private:
  void close_pipes();

  pid_t pid_ = -1;
  int out_ = -1, err_ = -1;
  std::string stdout_;
  std::optional<int> exit_status_;
};

// "exit code 3", "killed by signal 9".
std::string describe_wait_status(int status);

// The port of a server's ready line, `listening on http://HOST:PORT` (the reference server
// prints it first); nullopt for any other line.
std::optional<int> listening_port(std::string_view line);

}  // namespace ulp
