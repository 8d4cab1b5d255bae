#include "tools/ulp/yaml_resolver.hpp"

#include <re2/re2.h>

#include <string>

namespace ulp::cli {

YamlScalarKind resolve_plain_scalar(std::string_view text) {
  // ruamel.yaml's resolver.py, version 1.2 entries, each tried only for its first characters.
  static const re2::RE2 boolean("(?:true|True|TRUE|false|False|FALSE)");
  static const re2::RE2 floating(
      "(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
      "|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)"
      "|[-+]?\\.[0-9_]+(?:[eE][-+][0-9]+)?"
      "|[-+]?\\.(?:inf|Inf|INF)"
      "|\\.(?:nan|NaN|NAN))");
  static const re2::RE2 integer(
      "(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)");
  static const re2::RE2 null_value("(?:~|null|Null|NULL|)");
  static const re2::RE2 timestamp(
      "(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
      "|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
      "(?:[Tt]|[ \\t]+)[0-9][0-9]?"
      ":[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?"
      "(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)");

  // Python's re.match(...$) also matches before one final newline.
  std::string_view body = text;
  if (!body.empty() && body.back() == '\n') body.remove_suffix(1);
  const re2::StringPiece piece(body.data(), body.size());
  const re2::StringPiece whole(text.data(), text.size());
  auto full = [&](const re2::RE2& re) {
    return re2::RE2::FullMatch(whole, re) || re2::RE2::FullMatch(piece, re);
  };
  const char first = text.empty() ? '\0' : text[0];
  auto first_in = [&](std::string_view set) { return set.find(first) != std::string_view::npos; };

  if (text.empty()) return YamlScalarKind::kNull;
  if (first_in("tTfF") && full(boolean)) return YamlScalarKind::kBool;
  if (first_in("-+0123456789.") && full(floating)) return YamlScalarKind::kFloat;
  if (first_in("-+0123456789") && full(integer)) return YamlScalarKind::kInt;
  if (first == '<' && (text == "<<")) return YamlScalarKind::kMerge;
  if (first_in("~nN") && full(null_value)) return YamlScalarKind::kNull;
  if (first_in("0123456789") && full(timestamp)) return YamlScalarKind::kTimestamp;
  if (first == '=' && text == "=") return YamlScalarKind::kValue;
  return YamlScalarKind::kString;
}

}  // namespace ulp::cli
