#include "tools/ulp/skeleton.hpp"

#include <algorithm>

#include "tools/ulp/command_table.hpp"
#include "tools/ulp/yaml_resolver.hpp"

namespace ulp::cli {

using nlohmann::ordered_json;

namespace {

const Shape& shape_named(const std::string& name) {
  return Spec::get().shape(name);
}

// ArgumentGenerator._generate_skeleton. `stack` guards against recursive shapes.
ordered_json generate(const Shape& s, std::vector<std::string>& stack, const std::string& name,
                      bool member_names) {
  stack.push_back(s.name);
  ordered_json out;
  if (s.type == "structure") {
    out = ordered_json::object();
    if (std::count(stack.begin(), stack.end(), s.name) <= 1)
      for (const auto& [member, member_shape] : CommandTable::get().members_of(s))
        out[member] = generate(shape_named(member_shape), stack, member, member_names);
  } else if (s.type == "list") {
    out = ordered_json::array(
        {generate(shape_named(s.member), stack, member_names ? s.member : "", member_names)});
  } else if (s.type == "string") {
    out = member_names ? name : !s.enum_values.empty() ? s.enum_values[0] : "";
  } else if (s.type == "integer" || s.type == "long") {
    out = 0;
  } else if (s.type == "float" || s.type == "double") {
    out = 0.0;
  } else if (s.type == "boolean") {
    out = true;
  } else if (s.type == "timestamp") {
    out = "1970-01-01T00:00:00";  // datetime(1970, 1, 1).isoformat()
  }                               // blobs (and anything else) are None
  stack.pop_back();
  return out;
}

std::string yaml_scalar_text(const std::string& s) {
  if (resolve_plain_scalar(s) != YamlScalarKind::kString) return "'" + s + "'";
  return s;
}

// The yaml-input skeleton of one value, written after "key:" (inline for scalars).
void yaml_member(const Shape& structure, const std::string& member, const Shape& s,
                 std::vector<std::string>& stack, const std::string& indent, bool first,
                 bool in_list_item, std::string& out);

void yaml_mapping(const Shape& s, std::vector<std::string>& stack, const std::string& indent,
                  bool in_list_item, std::string& out) {
  bool first = true;
  for (const auto& [member, member_shape] : CommandTable::get().members_of(s)) {
    // The first key of a list item follows "- " on the item's line.
    std::string key_indent = first && in_list_item ? "" : indent;
    yaml_member(s, member, shape_named(member_shape), stack, key_indent, first, false, out);
    first = false;
  }
}

void yaml_member(const Shape& structure, const std::string& member, const Shape& s,
                 std::vector<std::string>& stack, const std::string& indent, bool first, bool,
                 std::string& out) {
  std::string comment;
  if (structure.is_required(member)) comment = "[REQUIRED]";
  const std::string overview = CommandTable::get().member_overview(structure, member);
  comment += (comment.empty() ? "" : " ") + overview;
  if (!s.enum_values.empty()) {
    std::string values;
    for (const auto& e : s.enum_values) values += (values.empty() ? "" : ", ") + e;
    comment += (comment.empty() ? "" : " ") + std::string("Valid values are: ") + values + ".";
  }
  const bool blank = comment.find_first_not_of(" \t\n") == std::string::npos;
  // ruamel puts the first key's comment two spaces out, the others' one space.
  const std::string eol = blank ? "" : (first ? "  # " : " # ") + comment;

  stack.push_back(s.name);
  const bool recursive = std::count(stack.begin(), stack.end(), s.name) > 1;
  out += indent + member + ":";
  if (s.type == "structure") {
    if (recursive) {
      out += " {}" + eol + "\n";
    } else {
      out += eol + "\n";
      yaml_mapping(s, stack, indent + "  ", false, out);
    }
  } else if (s.type == "list") {
    out += eol + "\n";
    const Shape& item = shape_named(s.member);
    if (item.type == "structure") {
      out += indent + "- ";
      stack.push_back(item.name);
      yaml_mapping(item, stack, indent + "  ", true, out);
      stack.pop_back();
    } else {
      ordered_json v = generate(item, stack, "", false);
      out += indent + "- " +
             (v.is_string() ? yaml_scalar_text(v.get<std::string>())
              : v.is_null() ? "null"
                            : v.dump()) +
             "\n";
    }
  } else {
    std::string value;
    if (s.type == "blob") {
      value = "!!binary ''";
    } else if (s.type == "timestamp") {
      value = "1970-01-01 00:00:00";
    } else {
      ordered_json v = generate(s, stack, "", false);
      value = v.is_string() ? yaml_scalar_text(v.get<std::string>()) : v.dump();
    }
    out += " " + value + eol + "\n";
  }
  stack.pop_back();
}

}  // namespace

ordered_json input_skeleton(const Shape& input) {
  std::vector<std::string> stack;
  return generate(input, stack, "", false);
}

ordered_json output_skeleton(const Shape& output) {
  std::vector<std::string> stack;
  return generate(output, stack, "", true);
}

std::string yaml_input_skeleton(const Shape& input) {
  std::vector<std::string> stack{input.name};
  std::string out;
  yaml_mapping(input, stack, "", false, out);
  if (out.empty()) out = "{}\n";
  return out;
}

}  // namespace ulp::cli
