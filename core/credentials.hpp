// Where credentials, region and endpoint come from: the same places, in the same order, as the
// aws CLI (botocore) looks. Only static keys are supported; profiles that need SSO, assume-role,
// credential_process or instance metadata are reported as unsupported rather than run.
//
// File format notes, all matching botocore (which uses Python's configparser):
//  - "[profile NAME]" and "[default]" in the config file; plain "[NAME]" in the credentials file.
//    A name with spaces must be quoted in the config file: [profile "my name"].
//  - Comments are whole lines starting with '#' or ';'. "key = value # x" keeps "# x" in the value.
//  - Keys are case-insensitive, "key: value" works too, indented lines continue the value above.
//  - A profile in the credentials file also counts as existing, and its keys override the config
//    file's for region and endpoint_url, as the CLI merges the two.
//  - A file that configparser would reject (duplicate section or key, a line outside any section,
//    a line without '=' or ':') is an error, as the aws CLI refuses it too.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/sigv4.hpp"

namespace ulp::aws_config {

// The process environment, injectable so tests never depend on the real one.
struct Environment {
  std::map<std::string, std::string> vars;
  static Environment from_process();  // every variable of this process, HOME included
  std::optional<std::string> get(const std::string& name) const;
};

struct Resolved {
  sigv4::Credentials credentials;
  // "environment", "shared-credentials-file (profile X)" or "config-file (profile X)".
  std::string source;
};

// Order: an explicit profile (--profile) if given, and then the AWS_* key variables are NOT
// used, as with the aws CLI. Otherwise AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
// AWS_SESSION_TOKEN, else profile AWS_PROFILE (or "default") from AWS_SHARED_CREDENTIALS_FILE
// (default ~/.aws/credentials), then from AWS_CONFIG_FILE (default ~/.aws/config).
// Returns nullopt with *why (when not null) saying what was looked at. Errors, as in the CLI:
// a profile named by --profile or AWS_PROFILE that exists in neither file ("The config profile
// (NAME) could not be found"), even when the AWS_* keys are set; a file the CLI cannot parse;
// an access key without its secret.
std::optional<Resolved> resolve_credentials(const Environment& env,
                                            const std::optional<std::string>& profile,
                                            std::string* why);

// Explicit, else AWS_REGION, else AWS_DEFAULT_REGION, else `region` of the profile; nullopt if
// none. (botocore itself does not read AWS_REGION; the other AWS SDKs do, and it comes first.)
std::optional<std::string> resolve_region(const Environment& env,
                                          const std::optional<std::string>& profile,
                                          const std::optional<std::string>& explicit_region);

// Explicit, else AWS_ENDPOINT_URL_ECR, else AWS_ENDPOINT_URL, else `endpoint_url` of the
// profile; nullopt if none. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true (or
// ignore_configured_endpoint_urls = true in the profile) leaves only the explicit URL, as in the
// CLI. The per-service "[services NAME]" sections are not read.
std::optional<std::string> resolve_endpoint_url(const Environment& env,
                                                const std::optional<std::string>& profile,
                                                const std::optional<std::string>& explicit_url);

// A setting of the profile (explicit, else AWS_PROFILE, else "default") as the CLI merges the
// two files, e.g. "output", "cli_binary_format", "cli_pager"; nullopt when unset, when the
// profile does not exist or when a file cannot be parsed (resolve_credentials reports those).
std::optional<std::string> profile_setting(const Environment& env,
                                           const std::optional<std::string>& profile,
                                           const std::string& key);

// Whether the profile exists in either file. A profile named by --profile or AWS_PROFILE that
// does not is an error for the CLI ("The config profile (NAME) could not be found").
bool profile_exists(const Environment& env, const std::optional<std::string>& profile);

// Every section of a credentials file in the aws CLI's format, in file order, with its keys
// (lower-cased) and their text; nested blocks are left out. nullopt with *why when the file
// cannot be read or the aws CLI would refuse it. (The reference server's --auth reads its keys
// with this, so it takes exactly the files the CLI takes.)
using ProfileKeys = std::map<std::string, std::string>;
std::optional<std::vector<std::pair<std::string, ProfileKeys>>> read_credentials_file(
    const std::string& path, std::string* why);

}  // namespace ulp::aws_config
