#include "tools/ulp/auto_prompt.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <sstream>

namespace ulp::cli {

namespace {

// /dev/tty, opened once; -1 when there is no controlling terminal.
int tty() {
  static int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  return fd;
}

std::string ask(const std::string& question) {
  const int fd = tty();
  (void)!::write(fd, question.data(), question.size());
  std::string line;
  char c;
  while (::read(fd, &c, 1) == 1 && c != '\n') line += c;
  return line;
}

}  // namespace

bool can_prompt() {
  return ::isatty(STDIN_FILENO) == 1 && tty() >= 0;
}

std::vector<std::string> prompt_for_missing(const Command& command, const ArgParser& parser,
                                            std::vector<std::string> args) {
  ArgParser lenient = parser;
  lenient.waive_required();
  ParsedArgs present;
  try {
    present = lenient.parse_known(args);
  } catch (const std::exception&) {
    return args;  // a malformed line is reported as it is
  }
  if (present.has("--cli-input-json") || present.has("--cli-input-yaml")) return args;
  for (const Member& m : command.members) {
    if (!m.required || present.has(m.option) || present.has(m.name)) continue;
    std::string answer =
        ask(m.option + " (" + m.shape->type + ", required" +
            (m.shape->type == "list" ? ", values separated by spaces" : "") + "): ");
    if (answer.empty()) continue;
    args.push_back(m.option);
    if (m.shape->type == "list") {
      std::istringstream words(answer);
      for (std::string w; words >> w;) args.push_back(w);
    } else {
      args.push_back(answer);
    }
  }
  return args;
}

}  // namespace ulp::cli
