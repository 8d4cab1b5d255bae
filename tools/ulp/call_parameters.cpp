#include "tools/ulp/call_parameters.hpp"

#include "tools/ulp/cli_error.hpp"
#include "tools/ulp/param_file.hpp"
#include "tools/ulp/shorthand.hpp"

namespace ulp::cli {

using nlohmann::ordered_json;

namespace {

std::string trimmed_front(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

ordered_json parse_json_value(const std::string& text, const std::string& cli_name) {
  try {
    return ordered_json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    std::string why = e.what();
    if (auto colon = why.find("]: "); colon != std::string::npos) why = why.substr(colon + 3);
    throw param_error(cli_name, "Invalid JSON: " + why + "\nJSON received: " + text);
  }
}

bool is_complex(const Shape& shape) {
  if (shape.type == "structure" || shape.type == "map") return true;
  if (shape.type == "list") {
    const Shape& item = Spec::get().shape(shape.member);
    return item.type == "structure" || item.type == "list" || item.type == "map";
  }
  return false;
}

ordered_json shorthand_value(const std::string& text, const Shape& shape,
                             const std::string& cli_name) {
  try {
    ordered_json v = parse_shorthand(text);
    type_by_shape(v, shape);
    return v;
  } catch (const ShorthandError& e) {
    throw param_error(cli_name, e.what());
  }
}

// A structure or map: JSON when it looks like JSON, else shorthand.
ordered_json structure_value(const std::string& text, const Shape& shape,
                             const std::string& cli_name) {
  const std::string t = trimmed_front(text);
  if (t.starts_with("{") || t.starts_with("[")) {
    if (!t.starts_with("{")) throw param_error(cli_name, "Invalid JSON:\n" + text);
    return parse_json_value(text, cli_name);
  }
  if (is_complex(shape)) return shorthand_value(text, shape, cli_name);
  throw param_error(cli_name, "Invalid JSON:\n" + text);
}

ordered_json list_value(std::vector<std::string> values, const Shape& shape,
                        const std::string& cli_name) {
  if (values.size() == 1)
    if (auto file = load_param_file(values[0], cli_name)) values[0] = file->content;
  if (values.size() == 1 && trimmed_front(values[0]).starts_with("["))
    return parse_json_value(values[0], cli_name);
  const Shape& item = Spec::get().shape(shape.member);
  ordered_json list = ordered_json::array();
  for (const auto& v : values) {
    if (item.type == "structure" || item.type == "map")
      list.push_back(structure_value(v, item, cli_name));
    else if (item.type == "long" || item.type == "integer")
      list.push_back(*parse_python_int(v));  // the parser has checked it (type=int)
    else
      list.push_back(v);
  }
  return list;
}

}  // namespace

CallParameters parameters_from_options(const Command& command, const ParsedArgs& parsed) {
  CallParameters p;
  for (const Member& m : command.members) {
    const Shape& shape = *m.shape;
    if (shape.type == "boolean") {
      if (auto v = parsed.one(m.name)) p.values[m.name] = *v == "true";
      continue;
    }
    auto it = parsed.values.find(m.option);
    if (it == parsed.values.end()) continue;
    if (shape.type == "list") {
      p.values[m.name] = list_value(it->second, shape, m.option);
      continue;
    }
    std::string text = it->second.empty() ? "" : it->second.back();
    if (shape.type == "long" || shape.type == "integer") {
      p.values[m.name] = *parse_python_int(text);  // the parser has checked it (type=int)
      continue;
    }
    auto file = load_param_file(text, m.option);
    if (shape.type == "blob" && file && file->binary) {
      p.binary_blobs[m.name] = std::move(file->content);
      p.values[m.name] = "<fileb>";
      continue;
    }
    if (file) text = std::move(file->content);
    if (shape.type == "structure" || shape.type == "map")
      p.values[m.name] = structure_value(text, shape, m.option);
    else
      p.values[m.name] = text;
  }
  return p;
}

void merge_cli_input(CallParameters& parameters, const ordered_json& document) {
  for (const auto& [key, value] : document.items())
    if (!parameters.values.contains(key)) parameters.values[key] = value;
}

}  // namespace ulp::cli
