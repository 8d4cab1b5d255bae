#include "tools/ulp/pager.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "tools/ulp/cli_error.hpp"

namespace ulp::cli {

bool stdout_is_terminal() {
  return ::isatty(STDOUT_FILENO) == 1;
}

int terminal_width() {
  winsize ws{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

void write_output(const std::string& text, const std::optional<std::string>& pager) {
  if (text.empty()) return;
  if (pager && stdout_is_terminal()) {
    if (!std::getenv("LESS")) ::setenv("LESS", "FRX", 1);
    std::FILE* p = ::popen(pager->c_str(), "w");
    if (!p)
      throw CliError(kConfiguration,
                     "Unable to redirect output to pager. Received the following error when "
                     "opening pager:\n" +
                         std::string(std::strerror(errno)) +
                         "\n\nLearn more about configuring the output pager by running \"aws "
                         "help config-vars\".");
    std::signal(SIGPIPE, SIG_IGN);  // the reader may quit early
    std::fwrite(text.data(), 1, text.size(), p);
    ::pclose(p);
    return;
  }
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

}  // namespace ulp::cli
