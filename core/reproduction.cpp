#include "core/reproduction.hpp"

#include <fstream>

#include "core/aws_json.hpp"
#include "core/base64.hpp"
#include "core/sha256.hpp"
#include "core/spec.hpp"

namespace ulp {

using nlohmann::json;

std::string shell_quote(const std::string& word) {
  if (!word.empty() &&
      word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                             "-_./:=@%+,") == std::string::npos)
    return word;
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string kebab_case(const std::string& camel) {
  std::string out;
  for (std::size_t i = 0; i < camel.size(); ++i) {
    char c = camel[i];
    if (std::isupper(static_cast<unsigned char>(c))) {
      if (i > 0) out += '-';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

std::filesystem::path blob_file(const std::filesystem::path& dir, const std::string& bytes) {
  std::filesystem::path d = dir.empty() ? std::filesystem::temp_directory_path() : dir;
  std::filesystem::create_directories(d);
  auto path = d / ("blob-" + Sha256::hex_of(bytes).substr(0, 16) + ".bin");
  if (!std::filesystem::exists(path)) std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// The CLI words for one member, or nullopt when the CLI cannot express its value.
std::optional<std::string> cli_value(const Shape& shape, const json& value,
                                     const std::filesystem::path& blob_dir) {
  const Spec& spec = Spec::get();
  if (shape.type == "string" && value.is_string()) return shell_quote(value.get<std::string>());
  if ((shape.type == "long" || shape.type == "integer") && value.is_number_integer())
    return value.dump();
  if (shape.type == "blob" && value.is_string()) {
    auto bytes = base64::decode(value.get<std::string>());
    if (!bytes) return std::nullopt;
    return "fileb://" + shell_quote(blob_file(blob_dir, *bytes).string());
  }
  if (shape.type == "list" && value.is_array() && !value.empty()) {
    std::string words;
    for (const auto& item : value) {
      auto w = cli_value(spec.shape(shape.member), item, blob_dir);
      if (!w) return std::nullopt;
      words += (words.empty() ? "" : " ") + *w;
    }
    return words;
  }
  return std::nullopt;
}

std::string curl_line(const Request& request, const ReproductionOptions& options) {
  std::string line = "curl -sS -X " + request.method + " " +
                     shell_quote(options.endpoint_url + (request.path == "/" ? "" : request.path));
  for (const auto& [name, value] : request.wire_headers())
    line += " -H " + shell_quote(name + ": " + value);
  line += " --data-binary @" + shell_quote(blob_file(options.blob_dir, request.body).string());
  return line;
}

}  // namespace

std::string reproduction_line(const Request& request, const ReproductionOptions& options) {
  const Spec& spec = Spec::get();
  const Operation* op = spec.operation(request.operation);
  if (!op || !request.headers.empty() || !request.omit_headers.empty() ||
      request.method != "POST" || request.path != "/")
    return curl_line(request, options);
  auto parsed =
      aws_json::parse(request.body.empty() ? "{}" : request.body, spec.protocol.max_json_depth);
  const json* body = std::get_if<json>(&parsed);
  if (!body || !body->is_object()) return curl_line(request, options);
  const Shape& input = spec.shape(op->input);
  std::string line =
      options.program + " " + kebab_case(request.operation) + options.target_arguments;
  for (const auto& [member, value] : body->items()) {
    const std::string* shape = input.member_shape(member);
    if (!shape) return curl_line(request, options);
    const Shape& s = spec.shape(*shape);
    if (s.type == "boolean" && value.is_boolean()) {
      line += " --" + std::string(value.get<bool>() ? "" : "no-") + kebab_case(member);
      continue;
    }
    auto words = cli_value(s, value, options.blob_dir);
    if (!words) return curl_line(request, options);
    line += " --" + kebab_case(member) + " " + *words;
  }
  return line;
}

}  // namespace ulp
