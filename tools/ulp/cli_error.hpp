// Errors as the aws CLI reports them: a message on stderr framed by blank lines, and an exit
// code that tells scripts what went wrong.
//
//   throw ulp::cli::CliError(ulp::cli::ExitCode::kUsage, "Error parsing parameter ...");
#pragma once

#include <stdexcept>
#include <string>

namespace ulp::cli {

enum ExitCode : int {
  kSuccess = 0,
  kInterrupted = 130,    // 128 + SIGINT
  kUsage = 252,          // bad command line or parameter; nothing was sent
  kConfiguration = 253,  // no region, no credentials, pager cannot start
  kService = 254,        // the service answered with an error
  kOther = 255,          // anything else: connection failures, unreadable responses, ...
};

// The text after "usage: " in argparse-style errors (the aws CLI's USAGE, for ulp).
inline constexpr const char* kUsageText =
    "ulp [options] <command> [parameters]\n"
    "To see help text, you can run:\n"
    "\n"
    "  ulp help\n"
    "  ulp <command> help\n";

class CliError : public std::runtime_error {
 public:
  CliError(int exit_code, const std::string& message)
      : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }
  // Everything written to stderr: by default "\n<message>\n", as the CLI's handlers write.
  virtual std::string render() const { return "\n" + std::string(what()) + "\n"; }

 private:
  int exit_code_;
};

// An argparse error: the usage block, then "ulp: error: <message>".
class UsageError : public CliError {
 public:
  explicit UsageError(const std::string& message) : CliError(kUsage, message) {}
  std::string render() const override {
    return "\nusage: " + std::string(kUsageText) + "\nulp: error: " + what() + "\n\n";
  }
};

// Arguments nobody consumed: the usage block, then "Unknown options: a, b".
class UnknownOptionsError : public CliError {
 public:
  explicit UnknownOptionsError(const std::string& list)
      : CliError(kUsage, "Unknown options: " + list) {}
  std::string render() const override {
    return "\nusage: " + std::string(kUsageText) + "\n" + what() + "\n\n";
  }
};

// "Error parsing parameter '--layer-part-blob': <why>"
inline CliError param_error(const std::string& cli_name, const std::string& why) {
  return CliError(kUsage, "Error parsing parameter '" + cli_name + "': " + why);
}

}  // namespace ulp::cli
