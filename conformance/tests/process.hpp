// Runs programs for the end-to-end tests: ulp-conformance as a user runs it (exit code and
// output), and ulp-reference-server in the background.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace ulp::conformance::testing {

struct Ran {
  int exit_code = -1;  // -1: ended by a signal (a crash)
  int signal = 0;
  std::string output;  // stdout and stderr together
  double seconds = 0;
};

// Starts argv with extra environment variables ("NAME=value"); stdout and stderr to a pipe.
inline pid_t spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                   int* read_end) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe");
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    close(fds[0]);
    close(fds[1]);
    for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(fds[1]);
  *read_end = fds[0];
  return pid;
}

// Runs to the end (killed after timeout_seconds); `during` runs while it does, with its pid.
template <class During = void (*)(pid_t)>
Ran run(
    const std::vector<std::string>& argv, const std::vector<std::string>& env = {},
    int timeout_seconds = 240, During during = [](pid_t) {}) {
  auto start = std::chrono::steady_clock::now();
  int out = -1;
  pid_t pid = spawn(argv, env, &out);
  std::thread side([&] { during(pid); });
  Ran r;
  std::thread reader([&] {
    char buf[4096];
    for (ssize_t n; (n = read(out, buf, sizeof buf)) > 0;)
      r.output.append(buf, static_cast<std::size_t>(n));
  });
  int status = 0;
  for (;;) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() - start > std::chrono::seconds(timeout_seconds)) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      r.output += "\n(killed after " + std::to_string(timeout_seconds) + " s)";
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  reader.join();
  side.join();
  close(out);
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

// ulp-reference-server in the background, on a free port, stopped by its pid at the end.
class ReferenceServer {
 public:
  explicit ReferenceServer(std::vector<std::string> args) {
    args.insert(args.begin(), {ULP_SERVER_BIN, "--port", "0"});
    pid_ = spawn(args, {}, &out_);
    std::string seen;
    char c;
    while (read(out_, &c, 1) == 1 && c != '\n') seen += c;
    if (seen.find("listening on") == std::string::npos) {
      // A mutant announces itself on stderr first; the URL is on the next line.
      seen.clear();
      while (read(out_, &c, 1) == 1 && c != '\n') seen += c;
    }
    auto at = seen.find("http://");
    if (at == std::string::npos) throw std::runtime_error("the server said: " + seen);
    url_ = seen.substr(at);
  }
  ~ReferenceServer() {
    kill(pid_, SIGTERM);
    int status;
    waitpid(pid_, &status, 0);
    close(out_);
  }
  const std::string& url() const { return url_; }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  std::string url_;
};

// Runs ulp-conformance with these arguments (its path first) and a --report-json of its own;
// the report, discarded when none was written, and how the run went in *ran.
inline nlohmann::json conformance_report(std::vector<std::string> args, Ran* ran,
                                         const std::vector<std::string>& env = {}) {
  static int reports = 0;
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() /
      ("ulp-report-" + std::to_string(getpid()) + "-" + std::to_string(++reports) + ".json");
  args.insert(args.end(), {"--report-json", file.string()});
  *ran = run(args, env);
  std::ifstream in(file);
  nlohmann::json report = nlohmann::json::parse(in, nullptr, false);
  std::filesystem::remove(file);
  return report;
}

inline int count_lines_starting_with(const std::string& text,
                                     const std::vector<std::string>& starts) {
  int n = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    std::string line = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    for (const auto& s : starts)
      if (line.rfind(s, 0) == 0) {
        ++n;
        break;
      }
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return n;
}

}  // namespace ulp::conformance::testing
