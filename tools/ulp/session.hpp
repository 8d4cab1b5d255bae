// Where every setting comes from, in the aws CLI v2's order: the command line, then AWS_*
// environment variables, then the profile in ~/.aws/config and ~/.aws/credentials, then the
// CLI's default. Credentials, region and endpoint come from core/credentials.hpp
// (ulp::aws_config), which reads the files as botocore does.
#pragma once

#include <optional>
#include <string>

#include "core/credentials.hpp"
#include "tools/ulp/global_options.hpp"

namespace ulp::cli {

class Session {
 public:
  explicit Session(const GlobalOptions& options,
                   aws_config::Environment env = aws_config::Environment::from_process());

  std::string output_format() const;         // --output, AWS_DEFAULT_OUTPUT, output, "json"
  std::string binary_format() const;         // --cli-binary-format, cli_binary_format, "base64"
  std::optional<std::string> pager() const;  // AWS_PAGER, cli_pager, PAGER, "less"; "" is none
  std::string auto_prompt_mode() const;      // on | on-partial | off
  std::string timestamp_format() const;      // cli_timestamp_format: iso8601 | wire (253 else)
  int max_attempts() const;                  // AWS_MAX_ATTEMPTS, max_attempts, 3
  bool parameter_validation() const;         // --no-param-validation, parameter_validation
  std::string ca_bundle() const;             // --ca-bundle, AWS_CA_BUNDLE, ca_bundle

  // For a call: each throws CliError with the aws CLI's message and exit code.
  void check_profile() const;                                 // a named profile must exist (255)
  std::string region() const;                                 // 253 when there is none
  std::string endpoint_url(const std::string& region) const;  // default: ECR's for the region
  std::optional<sigv4::Credentials> credentials() const;      // nullopt under --no-sign-request
  std::string credential_source() const;                      // for --debug, after credentials()

  const GlobalOptions& options() const { return options_; }

 private:
  std::optional<std::string> setting(const std::string& key) const;
  static std::optional<std::string> environment(const char* name);

  GlobalOptions options_;
  aws_config::Environment env_;
  mutable std::string credential_source_;
};

}  // namespace ulp::cli
