#include "core/target_options.hpp"

namespace ulp {

namespace {

std::optional<std::string> non_empty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

// Quoted for a POSIX shell only when it has to be.
std::string shell_word(const std::string& s) {
  if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                        "0123456789-_./:=@%+,") == std::string::npos)
    return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::optional<ResolvedTarget> resolve_target(const TargetOptions& options,
                                             const aws_config::Environment& env, std::string* why) {
  auto fail = [&](const std::string& reason) -> std::optional<ResolvedTarget> {
    if (why) *why = reason;
    return std::nullopt;
  };
  const auto profile = non_empty(options.profile);
  ResolvedTarget out;
  auto url = aws_config::resolve_endpoint_url(env, profile, non_empty(options.endpoint_url));
  if (!url) return fail("no endpoint: pass --endpoint-url URL");
  out.http.endpoint_url = *url;
  out.http.region =
      aws_config::resolve_region(env, profile, non_empty(options.region)).value_or("us-east-1");
  if (options.connect_timeout_seconds < 0 || options.read_timeout_seconds < 0)
    return fail("timeouts are seconds, 0 or more");
  out.http.connect_timeout_seconds = options.connect_timeout_seconds;
  out.http.read_timeout_seconds = options.read_timeout_seconds;
  out.http.verify_tls = !options.no_verify_ssl;
  out.http.ca_bundle = options.ca_bundle;
  if (options.no_sign_request) {
    out.credentials_source = "none (--no-sign-request)";
    return out;
  }
  std::string reason;
  auto resolved = aws_config::resolve_credentials(env, profile, &reason);
  if (!resolved)
    return fail("no credentials to sign with: " + reason +
                "\n(pass --no-sign-request for an endpoint that needs no signature)");
  out.http.credentials = resolved->credentials;
  out.credentials_source = resolved->source;
  return out;
}

std::string aws_cli_target_arguments(const TargetOptions& options, const std::string& region) {
  std::string out;
  if (!options.endpoint_url.empty()) out += " --endpoint-url " + shell_word(options.endpoint_url);
  out += " --region " + shell_word(region);
  if (!options.profile.empty()) out += " --profile " + shell_word(options.profile);
  if (options.no_sign_request) out += " --no-sign-request";
  if (options.no_verify_ssl) out += " --no-verify-ssl";
  if (!options.ca_bundle.empty()) out += " --ca-bundle " + shell_word(options.ca_bundle);
  return out;
}

}  // namespace ulp
