// The target options on a CLI11 command line, as the aws CLI spells them. Header-only, so that
// ulp_core does not depend on CLI11; a program that includes it links CLI11 itself.
//
//   CLI::App app{"..."};
//   ulp::TargetOptions target;
//   ulp::add_target_options(app, target);
#pragma once

#include <CLI/CLI.hpp>

#include "core/target_options.hpp"

namespace ulp {

inline void add_target_options(CLI::App& app, TargetOptions& o,
                               const std::string& group = "Target") {
  app.add_option("--endpoint-url", o.endpoint_url, "the endpoint to test (http:// or https://)")
      ->group(group);
  app.add_option("--region", o.region, "region to sign for (default: the AWS configuration's)")
      ->group(group);
  app.add_option("--profile", o.profile, "AWS profile for credentials, region and endpoint")
      ->group(group);
  app.add_flag("--no-sign-request", o.no_sign_request, "send requests unsigned")->group(group);
  app.add_flag("--no-verify-ssl", o.no_verify_ssl, "do not verify the TLS certificate")
      ->group(group);
  app.add_option("--ca-bundle", o.ca_bundle, "CA certificates to verify TLS with")
      ->check(CLI::ExistingFile)
      ->group(group);
  app.add_option("--cli-connect-timeout", o.connect_timeout_seconds,
                 "seconds to wait for a connection (0: no limit)")
      ->capture_default_str()
      ->group(group);
  app.add_option("--cli-read-timeout,--request-timeout", o.read_timeout_seconds,
                 "seconds a request may take (0: no limit)")
      ->capture_default_str()
      ->group(group);
}

}  // namespace ulp
