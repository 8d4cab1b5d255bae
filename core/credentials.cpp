#include "core/credentials.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>
#include <vector>

// The INI reader below is our own: no Debian package offers the AWS config-file dialect, which
// is whatever Python's configparser.RawConfigParser accepts plus botocore's conventions on top
// (profile sections, shlex-quoted names, nested "key =" blocks). It follows those rules closely
// so the suite sees the same profiles the aws CLI sees.

namespace ulp::aws_config {
namespace {

constexpr const char* kVariables[] = {
    "HOME",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_PROFILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_CONFIG_FILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_ECR",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
};

// Python's str.strip() set, restricted to ASCII.
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
         (c >= '\x1c' && c <= '\x1f');
}

std::string_view strip(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string_view rstrip(std::string_view s) {
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view in) {
  std::string out(in);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Names of the $NAME / ${NAME} references in a path, for os.path.expandvars.
std::vector<std::string> referenced_variables(std::string_view path) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '$' || i + 1 >= path.size()) continue;
    if (path[i + 1] == '{') {
      const std::size_t close = path.find('}', i + 2);
      if (close != std::string_view::npos) names.emplace_back(path.substr(i + 2, close - i - 2));
    } else {
      std::size_t end = i + 1;
      while (end < path.size() && is_word_char(path[end])) ++end;
      if (end > i + 1) names.emplace_back(path.substr(i + 1, end - i - 1));
    }
  }
  return names;
}

// botocore expands both "$VAR" and "~" in AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE.
std::string expand_path(const Environment& env, std::string_view path) {
  std::string expanded;  // os.path.expandvars: unknown variables are left as written
  for (std::size_t i = 0; i < path.size();) {
    std::size_t end = i + 1;  // [i, end) is a "$NAME" or "${NAME}" reference when end > i + 1
    std::string name;
    if (path[i] == '$' && i + 1 < path.size() && path[i + 1] == '{') {
      const std::size_t close = path.find('}', i + 2);
      if (close != std::string_view::npos) {
        name = path.substr(i + 2, close - i - 2);
        end = close + 1;
      }
    } else if (path[i] == '$') {
      while (end < path.size() && is_word_char(path[end])) ++end;
      name = path.substr(i + 1, end - i - 1);
    }
    const std::optional<std::string> value = name.empty() ? std::nullopt : env.get(name);
    expanded += value ? *value : std::string(path.substr(i, end - i));
    i = end;
  }
  // os.path.expanduser, for "~" and "~/..." only (other users' homes are not looked up).
  if (expanded == "~" || expanded.starts_with("~/")) {
    if (std::optional<std::string> home = env.get("HOME")) {
      std::string_view base = *home;
      while (!base.empty() && base.back() == '/') base.remove_suffix(1);
      std::string result = std::string(base) + expanded.substr(1);
      return result.empty() ? "/" : result;
    }
  }
  return expanded;
}

// A value is either a string or, when it starts on the line after "key =", a nested block such
// as "s3 =\n  addressing_style = path" that botocore turns into a dictionary.
struct Value {
  std::string text;
  bool nested = false;
};
using Section = std::map<std::string, Value>;

struct IniFile {
  enum class State { kMissing, kUnreadable, kParsed, kError } state = State::kMissing;
  std::string path;
  std::string error;                                      // for kError
  std::vector<std::pair<std::string, Section>> sections;  // file order, [DEFAULT] merged in

  const Section* find(const std::string& name) const {
    for (const auto& [section_name, section] : sections) {
      if (section_name == name) return &section;
    }
    return nullptr;
  }
};

std::vector<std::string> split_lines(const std::string& text) {  // universal newlines
  std::vector<std::string> lines;
  std::string line;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || text[i] == '\r') {
      lines.push_back(std::move(line));
      line.clear();
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      line.push_back(text[i]);
    }
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

// configparser.RawConfigParser._read with its defaults: strict, no inline comments, '=' and ':'
// as delimiters, empty lines allowed inside multi-line values, a [DEFAULT] section.
IniFile parse_ini(const std::string& path, const std::string& text) {
  IniFile file;
  file.path = path;
  auto fail = [&](std::size_t line_number, const std::string& reason) {
    file.state = IniFile::State::kError;
    file.error = "Unable to parse config file: " + path + ": " +
                 (line_number > 0 ? "line " + std::to_string(line_number) + ": " : "") + reason;
    file.sections.clear();
    return file;
  };

  using Lines = std::map<std::string, std::vector<std::string>>;
  std::vector<std::pair<std::string, Lines>> sections;
  Lines defaults;
  Lines* current = nullptr;
  std::string section_name;
  std::optional<std::string> option;
  std::size_t indent_level = 0;
  std::set<std::string> seen_sections;
  std::set<std::pair<std::string, std::string>> seen_options;
  std::optional<std::pair<std::size_t, std::string>> first_bad_line;  // reported at the end

  const std::vector<std::string> lines = split_lines(text);
  for (std::size_t index = 0; index < lines.size(); ++index) {
    const std::size_t line_number = index + 1;
    const std::string& line = lines[index];
    const std::string_view stripped = strip(line);
    const bool comment = stripped.starts_with('#') || stripped.starts_with(';');
    const std::string_view value = comment ? std::string_view() : stripped;
    if (value.empty()) {
      // A blank line (not a comment) may sit inside a multi-line value.
      if (!comment && current != nullptr && option) (*current)[*option].emplace_back();
      continue;
    }
    std::size_t indent = 0;
    while (indent < line.size() && is_space(line[indent])) ++indent;
    if (current != nullptr && option && indent > indent_level) {
      (*current)[*option].emplace_back(value);  // continuation line
      continue;
    }
    indent_level = indent;
    const std::size_t close = value.rfind(']');
    if (value.front() == '[' && close != std::string_view::npos && close >= 2) {
      section_name = value.substr(1, close - 1);
      option.reset();
      if (section_name == "DEFAULT") {
        current = &defaults;
      } else if (!seen_sections.insert(section_name).second) {
        return fail(line_number, "section [" + section_name + "] appears more than once");
      } else {
        sections.emplace_back(section_name, Lines{});
        current = &sections.back().second;
      }
      continue;
    }
    if (current == nullptr) {
      return fail(line_number, "a line before the first [section] header");
    }
    const std::size_t delimiter = value.find_first_of("=:");
    if (delimiter == std::string_view::npos || rstrip(value.substr(0, delimiter)).empty()) {
      if (!first_bad_line) first_bad_line.emplace(line_number, std::string(value));
      if (delimiter == std::string_view::npos) continue;
    }
    const std::string name = lower(rstrip(value.substr(0, delimiter)));
    if (!seen_options.emplace(section_name, name).second) {
      return fail(line_number,
                  "key '" + name + "' appears more than once in [" + section_name + "]");
    }
    option = name;
    (*current)[name] = {std::string(strip(value.substr(delimiter + 1)))};
  }
  if (first_bad_line) {
    return fail(first_bad_line->first,
                "'" + first_bad_line->second + "' is neither a [section] nor a key = value");
  }

  auto join = [&](const std::vector<std::string>& parts, const std::string& where,
                  Value& out) -> bool {
    std::string text_value;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (i > 0) text_value.push_back('\n');
      text_value.append(parts[i]);
    }
    out.text = std::string(rstrip(text_value));
    out.nested = out.text.starts_with('\n');
    if (out.nested) {  // botocore's _parse_nested insists on "key = value" lines
      for (const std::string& nested_line : split_lines(out.text)) {
        if (!strip(nested_line).empty() && nested_line.find('=') == std::string::npos) {
          fail(0, "line '" + std::string(strip(nested_line)) + "' nested under " + where +
                      " has no '='");
          return false;
        }
      }
    }
    return true;
  };
  Section merged_defaults;
  for (const auto& [name, parts] : defaults) {
    if (!join(parts, "'" + name + "' in [DEFAULT]", merged_defaults[name])) return file;
  }
  for (const auto& [name, lines_of_section] : sections) {
    Section section = merged_defaults;
    for (const auto& [key, parts] : lines_of_section) {
      if (!join(parts, "'" + key + "' in [" + name + "]", section[key])) return file;
    }
    file.sections.emplace_back(name, std::move(section));
  }
  file.state = IniFile::State::kParsed;
  return file;
}

IniFile load_ini(const std::string& path) {
  IniFile file;
  file.path = path;
  std::error_code ec;
  if (path.empty() || !std::filesystem::is_regular_file(path, ec)) return file;  // kMissing
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    file.state = IniFile::State::kUnreadable;  // configparser silently skips such files
    return file;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_ini(path, text.str());
}

// shlex.split(s) in POSIX mode, as botocore applies it to "[profile NAME]" headers.
std::optional<std::vector<std::string>> shlex_split(std::string_view s) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else if (c == '\\') {
      if (++i >= s.size()) return std::nullopt;  // "No escaped character"
      word.push_back(s[i]);
      in_word = true;
    } else if (c == '\'' || c == '"') {
      const std::size_t close = s.find(c, i + 1);
      in_word = true;
      if (c == '\'') {
        if (close == std::string_view::npos) return std::nullopt;  // "No closing quotation"
        word.append(s.substr(i + 1, close - i - 1));
        i = close;
        continue;
      }
      for (++i;; ++i) {  // inside "...": backslash escapes only '"' and '\'
        if (i >= s.size()) return std::nullopt;
        if (s[i] == '"') break;
        if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == '"' || s[i + 1] == '\\')) ++i;
        word.push_back(s[i]);
      }
    } else {
      word.push_back(c);
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

// botocore's build_profile_map: "[default]" and "[profile NAME]" become profiles, a later
// section replacing an earlier one of the same profile ("[profile default]" vs "[default]").
std::map<std::string, Section> config_profiles(const IniFile& file) {
  std::map<std::string, Section> profiles;
  for (const auto& [name, section] : file.sections) {
    if (name.starts_with("profile")) {
      std::optional<std::vector<std::string>> words = shlex_split(name);
      if (words && words->size() == 2) profiles[(*words)[1]] = section;
    } else if (name == "default") {
      profiles[name] = section;
    }
  }
  return profiles;
}

std::optional<std::string> text_of(const Section& section, const std::string& key) {
  auto it = section.find(key);
  if (it == section.end() || it->second.nested) return std::nullopt;
  return it->second.text;
}

std::optional<std::string> non_empty(std::optional<std::string> value) {
  if (value && value->empty()) return std::nullopt;
  return value;
}

struct Files {
  IniFile credentials;
  IniFile config;
  std::map<std::string, Section> profiles;  // from the config file
};

Files load_files(const Environment& env) {
  Files files;
  files.credentials = load_ini(expand_path(
      env, non_empty(env.get("AWS_SHARED_CREDENTIALS_FILE")).value_or("~/.aws/credentials")));
  files.config =
      load_ini(expand_path(env, non_empty(env.get("AWS_CONFIG_FILE")).value_or("~/.aws/config")));
  files.profiles = config_profiles(files.config);
  return files;
}

std::string profile_name(const Environment& env, const std::optional<std::string>& explicit_name) {
  if (explicit_name) return *explicit_name;
  return non_empty(env.get("AWS_PROFILE")).value_or("default");
}

// The profile as the CLI sees it: config-file keys, overridden by credentials-file keys.
std::optional<Section> merged_profile(const Files& files, const std::string& name) {
  std::optional<Section> merged;
  if (auto it = files.profiles.find(name); it != files.profiles.end()) merged = it->second;
  if (const Section* section = files.credentials.find(name)) {
    if (!merged) merged.emplace();
    for (const auto& [key, value] : *section) (*merged)[key] = value;
  }
  return merged;
}

std::optional<Resolved> from_section(const Section& section, const std::string& method,
                                     const std::string& profile, const std::string& path,
                                     std::string& why) {
  const std::optional<std::string> access_key = text_of(section, "aws_access_key_id");
  if (!access_key) return std::nullopt;
  const std::optional<std::string> secret = text_of(section, "aws_secret_access_key");
  if (!secret) {
    why = "Partial credentials found in " + method + ", missing: aws_secret_access_key (profile " +
          profile + " in " + path + ")";
    return std::nullopt;
  }
  Resolved resolved;
  resolved.credentials.access_key_id = *access_key;
  resolved.credentials.secret_access_key = *secret;
  // botocore reads the legacy name first.
  resolved.credentials.session_token =
      text_of(section, "aws_security_token")
          .value_or(text_of(section, "aws_session_token").value_or(""));
  resolved.source = method + " (profile " + profile + ")";
  return resolved;
}

std::string describe(const IniFile& file, const Section* section, const std::string& header) {
  switch (file.state) {
    case IniFile::State::kMissing:
      return file.path + " does not exist";
    case IniFile::State::kUnreadable:
      return file.path + " exists but could not be read";
    default:
      break;
  }
  if (section == nullptr) return file.path + " has no section " + header;
  std::string text = file.path + ": " + header + " has no aws_access_key_id";
  for (const char* unsupported :
       {"role_arn", "credential_source", "source_profile", "credential_process", "sso_session",
        "sso_start_url", "web_identity_token_file", "login_session"}) {
    if (section->count(unsupported) != 0) {
      text += " (it uses " + std::string(unsupported) + ", which this tool does not support)";
      break;
    }
  }
  return text;
}

bool is_true(const std::optional<std::string>& value) {  // botocore's ensure_boolean
  return value && lower(*value) == "true";
}

}  // namespace

Environment Environment::from_process() {
  Environment env;
  auto read = [&](const std::string& name) {
    if (const char* value = std::getenv(name.c_str())) env.vars[name] = value;
  };
  for (const char* name : kVariables) read(name);
  // Variables that the two file paths refer to, such as AWS_CONFIG_FILE=$XDG_CONFIG_HOME/aws.
  for (const char* path_variable : {"AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"}) {
    if (auto path = env.get(path_variable)) {
      for (const std::string& name : referenced_variables(*path)) read(name);
    }
  }
  return env;
}

std::optional<std::string> Environment::get(const std::string& name) const {
  auto it = vars.find(name);
  if (it == vars.end()) return std::nullopt;
  return it->second;
}

std::optional<Resolved> resolve_credentials(const Environment& env,
                                            const std::optional<std::string>& profile,
                                            std::string* why) {
  std::string reason;
  auto fail = [&](std::string text) -> std::optional<Resolved> {
    if (why != nullptr) *why = std::move(text);
    return std::nullopt;
  };

  // The CLI reads both files before anything else, so a broken file or a profile named by
  // --profile or AWS_PROFILE that is in neither stops it even when the AWS_* keys are set.
  const Files files = load_files(env);
  for (const IniFile* file : {&files.credentials, &files.config}) {
    if (file->state == IniFile::State::kError) return fail(file->error);
  }
  const std::string name = profile_name(env, profile);
  const bool named = profile.has_value() || non_empty(env.get("AWS_PROFILE")).has_value();
  const Section* credentials_section = files.credentials.find(name);
  auto config_it = files.profiles.find(name);
  const Section* config_section = config_it == files.profiles.end() ? nullptr : &config_it->second;
  if (named && credentials_section == nullptr && config_section == nullptr) {
    return fail("The config profile (" + name + ") could not be found (looked in " +
                files.credentials.path + " and " + files.config.path + ")");
  }

  std::string environment_note;
  if (profile) {
    environment_note = "environment variables: not used because a profile was named explicitly";
  } else if (auto access_key = non_empty(env.get("AWS_ACCESS_KEY_ID"))) {
    auto secret = non_empty(env.get("AWS_SECRET_ACCESS_KEY"));
    if (!secret) {
      return fail("Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY");
    }
    Resolved resolved;
    resolved.credentials.access_key_id = *access_key;
    resolved.credentials.secret_access_key = *secret;
    // botocore prefers the legacy AWS_SECURITY_TOKEN when both are set.
    resolved.credentials.session_token = non_empty(env.get("AWS_SECURITY_TOKEN"))
                                             .value_or(env.get("AWS_SESSION_TOKEN").value_or(""));
    resolved.source = "environment";
    return resolved;
  } else {
    environment_note = "environment variables: AWS_ACCESS_KEY_ID is not set";
  }

  if (credentials_section != nullptr) {
    if (auto resolved = from_section(*credentials_section, "shared-credentials-file", name,
                                     files.credentials.path, reason)) {
      return resolved;
    }
    if (!reason.empty()) return fail(reason);
  }
  if (config_section != nullptr) {
    if (auto resolved =
            from_section(*config_section, "config-file", name, files.config.path, reason)) {
      return resolved;
    }
    if (!reason.empty()) return fail(reason);
  }
  const std::string config_header = name == "default" ? "[default]" : "[profile " + name + "]";
  return fail("Unable to locate credentials for profile " + name +
              ". Looked at: " + environment_note + "; shared credentials file " +
              describe(files.credentials, credentials_section, "[" + name + "]") +
              "; config file " + describe(files.config, config_section, config_header) +
              ". SSO, assume-role, credential_process and instance metadata are not supported.");
}

std::optional<std::string> resolve_region(const Environment& env,
                                          const std::optional<std::string>& profile,
                                          const std::optional<std::string>& explicit_region) {
  if (auto region = non_empty(explicit_region)) return region;
  if (auto region = non_empty(env.get("AWS_REGION"))) return region;
  if (auto region = non_empty(env.get("AWS_DEFAULT_REGION"))) return region;
  const Files files = load_files(env);
  if (files.credentials.state == IniFile::State::kError ||
      files.config.state == IniFile::State::kError) {
    return std::nullopt;
  }
  if (auto section = merged_profile(files, profile_name(env, profile))) {
    return non_empty(text_of(*section, "region"));
  }
  return std::nullopt;
}

std::optional<std::string> resolve_endpoint_url(const Environment& env,
                                                const std::optional<std::string>& profile,
                                                const std::optional<std::string>& explicit_url) {
  if (auto url = non_empty(explicit_url)) return url;
  const Files files = load_files(env);
  const bool files_ok = files.credentials.state != IniFile::State::kError &&
                        files.config.state != IniFile::State::kError;
  std::optional<Section> section;
  if (files_ok) section = merged_profile(files, profile_name(env, profile));

  // The environment variable wins over the profile setting, as for any botocore option.
  std::optional<std::string> ignore = env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  if (!ignore && section) ignore = text_of(*section, "ignore_configured_endpoint_urls");
  if (is_true(ignore)) return std::nullopt;

  if (auto url = non_empty(env.get("AWS_ENDPOINT_URL_ECR"))) return url;
  if (auto url = non_empty(env.get("AWS_ENDPOINT_URL"))) return url;
  if (section) return non_empty(text_of(*section, "endpoint_url"));
  return std::nullopt;
}

std::optional<std::string> profile_setting(const Environment& env,
                                           const std::optional<std::string>& profile,
                                           const std::string& key) {
  const Files files = load_files(env);
  if (files.credentials.state == IniFile::State::kError ||
      files.config.state == IniFile::State::kError) {
    return std::nullopt;
  }
  if (auto section = merged_profile(files, profile_name(env, profile))) {
    return text_of(*section, lower(key));
  }
  return std::nullopt;
}

bool profile_exists(const Environment& env, const std::optional<std::string>& profile) {
  return merged_profile(load_files(env), profile_name(env, profile)).has_value();
}

std::optional<std::vector<std::pair<std::string, ProfileKeys>>> read_credentials_file(
    const std::string& path, std::string* why) {
  const IniFile file = load_ini(path);
  auto fail = [&](const std::string& reason) {
    if (why) *why = reason;
    return std::nullopt;
  };
  if (file.state == IniFile::State::kMissing) return fail(path + ": no such file");
  if (file.state == IniFile::State::kUnreadable) return fail(path + ": cannot be read");
  if (file.state == IniFile::State::kError) return fail(file.error);
  std::vector<std::pair<std::string, ProfileKeys>> out;
  for (const auto& [name, section] : file.sections) {
    ProfileKeys keys;
    for (const auto& [key, value] : section)
      if (!value.nested) keys[key] = value.text;
    out.emplace_back(name, std::move(keys));
  }
  return out;
}

}  // namespace ulp::aws_config
