#include "reference/tests/crash/server_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <regex>
#include <thread>

namespace ulp::crash {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

std::string describe_wait_status(int status) {
  if (WIFEXITED(status)) return "exit code " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "wait status " + std::to_string(status);
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) kill();
}

ServerProcess::Started ServerProcess::start(int port, Clock::time_point deadline) {
  Started out;
  if (pid_ > 0) {
    out.why = "already running";
    return out;
  }
  // Everything the child needs is made before fork: after it, only async-signal-safe calls.
  std::vector<std::string> strings{command_.binary, "--port", std::to_string(port)};
  strings.insert(strings.end(), command_.args.begin(), command_.args.end());
  std::vector<char*> argv;
  for (auto& s : strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    out.why = std::string("pipe2: ") + std::strerror(errno);
    return out;
  }
  int log = ::open(command_.log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ == 0) {
    // A crash test that dies must leave no server behind.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    if (log >= 0) ::dup2(log, STDERR_FILENO);
    struct sigaction default_action {};
    default_action.sa_handler = SIG_DFL;
    for (int sig : {SIGPIPE, SIGTERM, SIGINT}) ::sigaction(sig, &default_action, nullptr);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  const int fork_errno = errno;
  ::close(pipe_fds[1]);
  if (log >= 0) ::close(log);
  if (pid_ < 0) {
    ::close(pipe_fds[0]);
    out.why = std::string("fork: ") + std::strerror(fork_errno);
    return out;
  }
  stdout_ = pipe_fds[0];

  // The first line, until the deadline; bounded by it and by the end of the child's output.
  std::string text;
  while (text.find('\n') == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd p{stdout_, POLLIN, 0};
    int ready = ::poll(&p, 1, static_cast<int>(std::clamp<long long>(left.count(), 0, 60'000)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) break;
    char buffer[512];
    ssize_t n = ::read(stdout_, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  static const std::regex listening(R"(listening on http://[^:\s]+:(\d+))");
  std::smatch m;
  const std::string first = text.substr(0, text.find('\n'));
  if (std::regex_search(first, m, listening)) {
    out.port = std::stoi(m[1]);
    return out;
  }
  // No listening line: it ended (or hangs; then it is killed).
  int status = 0;
  bool ended = false;
  for (int i = 0; i < 100 && !ended; ++i) {  // up to a second for an exit in progress
    ended = ::waitpid(pid_, &status, WNOHANG) == pid_;
    if (!ended) std::this_thread::sleep_for(10ms);
  }
  if (ended) {
    pid_ = -1;
    ::close(stdout_);
    stdout_ = -1;
    out.exited = true;
    out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    out.why = "it ended before listening: " + describe_wait_status(status);
  } else {
    kill();
    out.why = first.empty() ? "it printed no `listening on` line in time"
                            : "its first line is not `listening on ...`: '" + first + "'";
  }
  return out;
}

void ServerProcess::reap(int* status) {
  // waitpid on our own child ends unless interrupted; EINTR is bounded by signals we get.
  for (int i = 0; i < 1000; ++i)
    if (::waitpid(pid_, status, 0) == pid_ || errno != EINTR) break;
  pid_ = -1;
  if (stdout_ >= 0) ::close(stdout_);
  stdout_ = -1;
}

void ServerProcess::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  reap(&status);
}

std::optional<int> ServerProcess::terminate(std::chrono::milliseconds grace) {
  if (pid_ <= 0) return std::nullopt;
  ::kill(pid_, SIGTERM);
  const auto deadline = Clock::now() + grace;
  int status = 0;
  while (Clock::now() < deadline) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      if (stdout_ >= 0) ::close(stdout_);
      stdout_ = -1;
      return status;
    }
    std::this_thread::sleep_for(10ms);
  }
  kill();
  return std::nullopt;
}

}  // namespace ulp::crash
