#include "tools/ulp/cli_input.hpp"

#include "tools/ulp/cli_error.hpp"
#include "tools/ulp/param_file.hpp"
#include "tools/ulp/yaml_reader.hpp"

namespace ulp::cli {

using nlohmann::ordered_json;

std::string python_type_name(const ordered_json& v) {
  switch (v.type()) {
    case ordered_json::value_t::object:
      return "<class 'dict'>";
    case ordered_json::value_t::array:
      return "<class 'list'>";
    case ordered_json::value_t::string:
      return "<class 'str'>";
    case ordered_json::value_t::boolean:
      return "<class 'bool'>";
    case ordered_json::value_t::number_float:
      return "<class 'float'>";
    case ordered_json::value_t::number_integer:
    case ordered_json::value_t::number_unsigned:
      return "<class 'int'>";
    default:
      return "<class 'NoneType'>";
  }
}

CliInput load_cli_input(const ParsedArgs& parsed) {
  CliInput in;
  auto load = [&](const char* option) -> std::optional<std::string> {
    auto v = parsed.one(option);
    if (!v) return std::nullopt;
    if (auto file = load_param_file(*v, option)) return file->content;
    return v;
  };
  in.json = load("--cli-input-json");
  in.yaml = load("--cli-input-yaml");
  return in;
}

void apply_cli_input(const CliInput& input, CallParameters& parameters) {
  if (!input.json && !input.yaml) return;
  if (input.json && input.yaml)
    throw CliError(kUsage, "Only one --cli-input- parameter may be specified.");
  ordered_json document;
  std::map<std::string, std::string> binary;
  if (input.json) {
    try {
      document = ordered_json::parse(*input.json);
    } catch (const nlohmann::json::exception&) {
      throw param_error("cli-input-json", "Invalid JSON received.");
    }
  } else {
    auto yaml = read_yaml(*input.yaml);
    if (!yaml) throw param_error("cli-input-yaml", "Invalid YAML received.");
    document = std::move(yaml->value);
    binary = std::move(yaml->binary);
  }
  if (!document.is_object())
    throw param_error(input.json ? "--cli-input-json" : "--cli-input-yaml",
                      "Invalid type: expecting map, received " + python_type_name(document));
  for (auto& [key, bytes] : binary)
    if (!parameters.values.contains(key)) parameters.binary_blobs[key] = std::move(bytes);
  merge_cli_input(parameters, document);
}

}  // namespace ulp::cli
