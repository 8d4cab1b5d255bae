// ulp: Amazon ECR's layer-upload operations as `aws ecr <command>` offers them (same options,
// output, errors and exit codes), derived from spec/model.json, plus `ulp push-layer`.
#include <unistd.h>

#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include "tools/ulp/cli_error.hpp"
#include "tools/ulp/command_table.hpp"
#include "tools/ulp/debug_log.hpp"
#include "tools/ulp/global_options.hpp"
#include "tools/ulp/help.hpp"
#include "tools/ulp/operation_command.hpp"
#include "tools/ulp/push_layer.hpp"

namespace {

// Ctrl-C: the CLI writes a newline to stdout and exits 130 (128 + SIGINT).
void on_interrupt(int) {
  const char newline = '\n';
  (void)!::write(STDOUT_FILENO, &newline, 1);
  ::_exit(ulp::cli::kInterrupted);
}

int run(const std::vector<std::string>& args) {
  using namespace ulp::cli;
  // argparse acts on --version as soon as it meets it, before any other check.
  for (const auto& a : args)
    if (a == "--version") {
      std::cout << version_text();
      return kSuccess;
    }
  if (args.size() == 1 && args[0] == "help") {
    std::cout << main_help();
    return kSuccess;
  }
  std::vector<std::string> commands;
  for (const auto& c : CommandTable::get().commands()) commands.push_back(c.name);
  commands.push_back("push-layer");
  commands.push_back("help");
  ParsedArgs parsed = global_parser(commands).parse_known(args);
  const GlobalOptions globals = global_options_from(parsed);
  debug_log::enable(globals.debug);
  debug_log::write("ulp.clidriver", version_text().substr(0, version_text().size() - 1));
  if (*parsed.command == "help") {
    std::cout << main_help();
    return kSuccess;
  }
  if (*parsed.command == "push-layer") return run_push_layer(parsed.extras, globals);
  return run_operation(*CommandTable::get().find(*parsed.command), parsed.extras, globals);
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    const int code = run(args);
    // What is left are static objects (the spec, OpenSSL's tables) whose teardown the process
    // exit does anyway: skipping it saves 0.7 ms of a call.
    std::cout.flush();
    std::fflush(nullptr);
    ::_exit(code);
  } catch (const ulp::cli::CliError& e) {
    std::cerr << e.render() << std::flush;
    return e.exit_code();
  } catch (const std::exception& e) {
    std::cerr << "\n" << e.what() << "\n" << std::flush;
    return ulp::cli::kOther;
  }
}
