#include "core/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <map>
#include <regex>
#include <thread>

extern char** environ;

namespace ulp {

namespace {

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 60'000));
}

// Appends what is readable before the deadline; false at end of file or timeout.
bool read_some(int fd, std::string& into, Clock::time_point deadline) {
  pollfd p{fd, POLLIN, 0};
  const int ready = ::poll(&p, 1, remaining_ms(deadline));
  if (ready < 0 && errno == EINTR) return true;
  if (ready <= 0) return false;
  char buf[4096];
  const ssize_t n = ::read(fd, buf, sizeof buf);
  if (n < 0 && errno == EINTR) return true;
  if (n <= 0) return false;
  into.append(buf, static_cast<std::size_t>(n));
  return true;
}

}  // namespace

ChildProcess::~ChildProcess() {
  kill();
  close_pipes();
}

void ChildProcess::close_pipes() {
  for (int* fd : {&out_, &err_})
    if (*fd >= 0) {
      ::close(*fd);
      *fd = -1;
    }
}

bool ChildProcess::spawn(const Options& options, std::string* why) {
  auto fail = [&](const std::string& what) {
    if (why) *why = what + ": " + std::strerror(errno);
    return false;
  };
  if (pid_ > 0 || options.argv.empty()) {
    if (why) *why = pid_ > 0 ? "already running" : "no program to run";
    return false;
  }
  close_pipes();
  stdout_.clear();
  exit_status_.reset();
  // Everything the child needs is made before fork: after it, only async-signal-safe calls.
  std::vector<std::string> argv_strings = options.argv;
  std::vector<char*> argv;
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    const std::string_view kv(*e);
    const auto eq = kv.find('=');
    if (eq != std::string_view::npos) env[std::string(kv.substr(0, eq))] = kv.substr(eq + 1);
  }
  for (const auto& [name, value] : options.env) env[name] = value;
  std::vector<std::string> env_strings;
  for (const auto& [name, value] : env) env_strings.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);

  int out[2], err[2] = {-1, -1};
  if (::pipe2(out, O_CLOEXEC) != 0) return fail("pipe2");
  if (options.stderr_to == Stderr::capture && ::pipe2(err, O_CLOEXEC) != 0) {
    ::close(out[0]);
    ::close(out[1]);
    return fail("pipe2");
  }
  int log = -1;
  if (options.stderr_to == Stderr::file)
    log = ::open(options.stderr_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);

  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(out[1], STDOUT_FILENO);
    if (err[1] >= 0) ::dup2(err[1], STDERR_FILENO);
    if (log >= 0) ::dup2(log, STDERR_FILENO);
    // Default dispositions and nothing blocked, whatever this process has set.
    struct sigaction default_action {};
    default_action.sa_handler = SIG_DFL;
    for (int sig : {SIGPIPE, SIGTERM, SIGINT}) ::sigaction(sig, &default_action, nullptr);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  const int fork_errno = errno;
  ::close(out[1]);
  if (err[1] >= 0) ::close(err[1]);
  if (log >= 0) ::close(log);
  out_ = out[0];
  err_ = err[0];
  if (pid_ < 0) {
    errno = fork_errno;
    close_pipes();
    return fail("fork");
  }
  return true;
}

std::optional<std::string> ChildProcess::read_line(std::chrono::nanoseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (true) {
    if (auto nl = stdout_.find('\n'); nl != std::string::npos) {
      std::string line = stdout_.substr(0, nl);
      stdout_.erase(0, nl + 1);
      return line;
    }
    if (out_ < 0 || !read_some(out_, stdout_, deadline)) return std::nullopt;
  }
}

std::string ChildProcess::rest_of_stdout(std::chrono::nanoseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (out_ >= 0 && read_some(out_, stdout_, deadline)) {
  }
  return std::exchange(stdout_, "");
}

std::string ChildProcess::captured_stderr(std::chrono::nanoseconds timeout) {
  std::string text;
  const auto deadline = Clock::now() + timeout;
  while (err_ >= 0 && read_some(err_, text, deadline)) {
  }
  return text;
}

std::optional<int> ChildProcess::wait_exit(std::chrono::nanoseconds timeout) {
  if (pid_ <= 0) return exit_status_;
  const auto deadline = Clock::now() + timeout;
  while (true) {
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      exit_status_ = status;
      return status;
    }
    if (r < 0 && errno != EINTR) return std::nullopt;
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // a child that is exiting
  }
}

std::optional<int> ChildProcess::terminate(std::chrono::nanoseconds timeout) {
  if (pid_ > 0) ::kill(pid_, SIGTERM);
  return wait_exit(timeout);
}

void ChildProcess::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  // waitpid on our own child ends unless interrupted; EINTR is bounded by signals we get.
  for (int i = 0; i < 1000; ++i)
    if (::waitpid(pid_, &status, 0) == pid_ || errno != EINTR) break;
  pid_ = -1;
  exit_status_ = status;
}

std::string describe_wait_status(int status) {
  if (WIFEXITED(status)) return "exit code " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "wait status " + std::to_string(status);
}

std::optional<int> listening_port(std::string_view line) {
  static const std::regex form(R"(listening on http://[^:\s]+:(\d+)\s*)");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(line.begin(), line.end(), m, form)) return std::nullopt;
  const int port = std::stoi(m[1].str());
  if (port <= 0 || port > 65535) return std::nullopt;
  return port;
}

}  // namespace ulp
