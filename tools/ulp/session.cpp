#include "tools/ulp/session.hpp"

#include <re2/re2.h>

#include <cstdlib>

#include "tools/ulp/arg_parser.hpp"
#include "tools/ulp/cli_error.hpp"

namespace ulp::cli {

Session::Session(const GlobalOptions& options, aws_config::Environment env)
    : options_(options), env_(std::move(env)) {}

std::optional<std::string> Session::environment(const char* name) {
  const char* v = std::getenv(name);
  if (!v) return std::nullopt;
  return std::string(v);
}

std::optional<std::string> Session::setting(const std::string& key) const {
  auto v = aws_config::profile_setting(env_, options_.profile, key);
  if (v && v->empty()) return std::nullopt;
  return v;
}

std::string Session::output_format() const {
  if (options_.output) return *options_.output;
  if (auto v = environment("AWS_DEFAULT_OUTPUT"); v && !v->empty()) return *v;
  if (auto v = setting("output")) return *v;
  return "json";
}

std::string Session::binary_format() const {
  if (options_.binary_format) return *options_.binary_format;
  if (auto v = setting("cli_binary_format")) return *v;
  return "base64";
}

std::optional<std::string> Session::pager() const {
  if (options_.no_cli_pager) return std::nullopt;
  std::optional<std::string> p = environment("AWS_PAGER");
  if (!p) p = aws_config::profile_setting(env_, options_.profile, "cli_pager");
  if (!p) p = environment("PAGER");
  if (!p) p = "less";
  if (p->empty()) return std::nullopt;
  return p;
}

std::string Session::auto_prompt_mode() const {
  if (options_.no_cli_auto_prompt) return "off";
  if (options_.cli_auto_prompt) return "on";
  if (auto v = environment("AWS_CLI_AUTO_PROMPT"); v && !v->empty()) return *v;
  if (auto v = setting("cli_auto_prompt")) return *v;
  return "off";
}

std::string Session::timestamp_format() const {
  const std::string f = setting("cli_timestamp_format").value_or("iso8601");
  if (f != "wire" && f != "iso8601")
    throw CliError(kConfiguration, "Unknown cli_timestamp_format value: " + f +
                                       ", valid values are \"wire\" or \"iso8601\"");
  return f;
}

int Session::max_attempts() const {
  std::optional<std::string> v = environment("AWS_MAX_ATTEMPTS");
  if (!v) v = setting("max_attempts");
  if (!v) return 3;
  auto n = parse_python_int(*v);
  if (!n || *n < 1) throw CliError(kOther, "Invalid value provided to max_attempts: " + *v);
  return static_cast<int>(std::min<long long>(*n, 100));
}

bool Session::parameter_validation() const {
  if (!options_.param_validation) return false;
  auto v = setting("parameter_validation");
  if (!v) return true;
  std::string lower = *v;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower != "false";
}

std::string Session::ca_bundle() const {
  if (options_.ca_bundle) return *options_.ca_bundle;
  if (auto v = environment("AWS_CA_BUNDLE"); v && !v->empty()) return *v;
  return setting("ca_bundle").value_or("");
}

void Session::check_profile() const {
  const bool named = options_.profile.has_value() || env_.get("AWS_PROFILE").value_or("") != "";
  if (named && !aws_config::profile_exists(env_, options_.profile)) {
    const std::string name = options_.profile ? *options_.profile : *env_.get("AWS_PROFILE");
    throw CliError(kOther, "The config profile (" + name + ") could not be found");
  }
}

std::string Session::region() const {
  auto r = aws_config::resolve_region(env_, options_.profile, options_.region);
  if (!r)
    throw CliError(kConfiguration,
                   "You must specify a region. You can also configure your region by running "
                   "\"aws configure\".");
  // botocore's validate_region_name: a valid host label, not all digits.
  static const re2::RE2 host_label("[a-zA-Z0-9-]{0,63}");
  static const re2::RE2 digits("[0-9]+");
  if (!re2::RE2::FullMatch(*r, host_label) || re2::RE2::FullMatch(*r, digits) ||
      r->starts_with("-") || r->ends_with("-"))
    throw CliError(kOther, "Provided region_name '" + *r + "' doesn't match a supported format.");
  return *r;
}

std::string Session::endpoint_url(const std::string& region) const {
  if (auto url = aws_config::resolve_endpoint_url(env_, options_.profile, options_.endpoint_url))
    return *url;
  // ECR's endpoint rule for the standard partitions.
  const std::string suffix = region.starts_with("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return "https://api.ecr." + region + "." + suffix;
}

std::optional<sigv4::Credentials> Session::credentials() const {
  if (!options_.sign_request) {
    credential_source_ = "none (--no-sign-request)";
    return std::nullopt;
  }
  std::string why;
  auto resolved = aws_config::resolve_credentials(env_, options_.profile, &why);
  if (!resolved) {
    if (why.starts_with("The config profile")) {
      auto cut = why.find(" could not be found");
      throw CliError(kOther, why.substr(0, cut + std::string(" could not be found").size()));
    }
    if (why.starts_with("Unable to parse config file")) throw CliError(kOther, why);
    if (why.starts_with("Partial credentials")) throw CliError(kOther, why);
    credential_source_ = why;
    throw CliError(kConfiguration,
                   "Unable to locate credentials. You can configure credentials by running "
                   "\"aws configure\".");
  }
  credential_source_ = resolved->source;
  return resolved->credentials;
}

std::string Session::credential_source() const {
  return credential_source_;
}

}  // namespace ulp::cli
