// Parameter values from files, as the aws CLI loads them: "fileb://PATH" gives the file's
// bytes, "file://PATH" its UTF-8 text; anything else is the value as typed. PATH may start
// with ~ and hold $VARIABLES.
#pragma once

#include <optional>
#include <string>

namespace ulp::cli {

struct ParamFile {
  std::string content;
  bool binary = false;  // from fileb://: bytes, never base64-decoded
};

// nullopt when the value names no file. Throws CliError (exit 252) as "Error parsing
// parameter '<cli_name>': Unable to load paramfile ..." when the file cannot be read.
std::optional<ParamFile> load_param_file(const std::string& value, const std::string& cli_name);

// os.path.expandvars(os.path.expanduser(path)).
std::string expand_path(const std::string& path);

}  // namespace ulp::cli
