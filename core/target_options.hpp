// The options every driver offers for reaching an endpoint, named as the aws CLI names them,
// and their resolution into HttpTargetOptions through the AWS configuration chain
// (core/credentials.hpp): the conformance runner, the property tests and the network fuzzer
// all take the same flags and resolve them the same way.
//
//   ulp::TargetOptions options;                    // ulp::add_target_options(app, options)
//   std::string why;
//   auto resolved = ulp::resolve_target(options, ulp::aws_config::Environment::from_process(),
//                                       &why);
//   if (!resolved) fail(why);
//   ulp::HttpTarget target(resolved->http);
#pragma once

#include <optional>
#include <string>

#include "core/credentials.hpp"
#include "core/http_target.hpp"

namespace ulp {

struct TargetOptions {
  std::string endpoint_url;      // --endpoint-url; empty: AWS_ENDPOINT_URL_ECR, ..., the profile's
  std::string region;            // --region; empty: AWS_REGION, ..., the profile's, else us-east-1
  std::string profile;           // --profile: the AWS profile for credentials, region and endpoint
  bool no_sign_request = false;  // --no-sign-request
  bool no_verify_ssl = false;    // --no-verify-ssl
  std::string ca_bundle;         // --ca-bundle
  int connect_timeout_seconds = 60;  // --cli-connect-timeout (0: no limit)
  int read_timeout_seconds = 60;     // --cli-read-timeout (0: no limit)
};

struct ResolvedTarget {
  HttpTargetOptions http;
  std::string credentials_source;  // "environment", "shared-credentials-file (profile x)", or
                                   // "none (--no-sign-request)"
};

// nullopt with *why when no endpoint is known, a timeout is negative, or credentials are
// needed (signing is the default, as in the aws CLI) and none can be found.
std::optional<ResolvedTarget> resolve_target(const TargetOptions& options,
                                             const aws_config::Environment& env, std::string* why);

// The aws CLI options that reach the same endpoint the same way, for reproduction lines:
// " --endpoint-url URL --region R --no-sign-request ..." (never a secret).
std::string aws_cli_target_arguments(const TargetOptions& options, const std::string& region);

}  // namespace ulp
