#include "conformance/json_schema.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <set>
#include <stdexcept>

namespace ulp::conformance {

using nlohmann::json;

namespace {

const std::set<std::string> kSupported = {
    "$schema", "$id",         "$defs",         "$ref",          "$comment",
    "title",   "description", "examples",      "default",       "type",
    "enum",    "const",       "properties",    "required",      "additionalProperties",
    "items",   "minItems",    "maxItems",      "minLength",     "maxLength",
    "pattern", "minimum",     "maximum",       "anyOf",         "oneOf",
    "allOf",   "not",         "minProperties", "maxProperties", "propertyNames"};

void check_supported(const json& schema, const std::string& where) {
  if (schema.is_boolean()) return;
  if (!schema.is_object()) throw std::invalid_argument("schema at " + where + " is not an object");
  for (const auto& [key, value] : schema.items()) {
    if (!kSupported.count(key))
      throw std::invalid_argument("schema keyword '" + key + "' at " + where + " is not supported");
    if (key == "$defs" || key == "properties")
      for (const auto& [name, sub] : value.items()) check_supported(sub, where + "/" + name);
    if (key == "additionalProperties" || key == "items" || key == "not" || key == "propertyNames")
      check_supported(value, where + "/" + key);
    if (key == "anyOf" || key == "oneOf" || key == "allOf")
      for (const auto& sub : value) check_supported(sub, where + "/" + key);
  }
}

bool has_type(const json& v, const std::string& type) {
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "boolean") return v.is_boolean();
  if (type == "null") return v.is_null();
  if (type == "number") return v.is_number();
  if (type == "integer")
    return v.is_number_integer() ||
           (v.is_number_float() && v.get<double>() == static_cast<double>(v.get<std::int64_t>()));
  return false;
}

std::string type_of(const json& v) {
  if (v.is_number_integer()) return "integer";
  if (v.is_number()) return "number";
  return v.type_name();
}

std::string short_text(const json& v) {
  std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
  return s.size() > 60 ? s.substr(0, 57) + "..." : s;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 4) + 1;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(word, c);
    if (d < best_distance) best = c, best_distance = d;
  }
  return best;
}

std::string child_path(const std::string& path, const std::string& key) {
  bool plain = !key.empty() && key.find_first_not_of(
                                   "abcdefghijklmnopqrstuvwxyz"
                                   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$") == std::string::npos;
  if (!plain) return path + "[" + json(key).dump() + "]";
  return path.empty() ? key : path + "." + key;
}

std::string child_path(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

JsonSchema::JsonSchema(json schema) : root_(std::move(schema)) {
  check_supported(root_, "#");
}

const json& JsonSchema::resolve(const json& schema) const {
  const json* s = &schema;
  for (int hops = 0; s->is_object() && s->contains("$ref"); ++hops) {
    std::string ref = (*s)["$ref"];
    if (hops > 32 || !ref.starts_with("#/$defs/"))
      throw std::invalid_argument("schema $ref '" + ref + "' is not supported");
    s = &root_.at("$defs").at(ref.substr(8));
  }
  return *s;
}

std::optional<SchemaError> JsonSchema::validate(const json& instance) const {
  return check(root_, instance, "", 0);
}

std::optional<SchemaError> JsonSchema::check(const json& schema_in, const json& v,
                                             const std::string& path, int depth) const {
  if (depth > 64) return SchemaError{path, "nests too deeply"};
  const json& s = resolve(schema_in);
  if (s.is_boolean()) {
    if (s.get<bool>()) return std::nullopt;
    return SchemaError{path, "is not allowed here"};
  }
  auto fail = [&](std::string message) { return SchemaError{path, std::move(message)}; };

  if (s.contains("type")) {
    std::vector<std::string> types = s["type"].is_array()
                                         ? s["type"].get<std::vector<std::string>>()
                                         : std::vector<std::string>{s["type"].get<std::string>()};
    if (std::none_of(types.begin(), types.end(), [&](const auto& t) { return has_type(v, t); })) {
      std::string expected;
      for (const auto& t : types) expected += (expected.empty() ? "" : " or ") + t;
      return fail("must be " + expected + ", not " + type_of(v) + " " + short_text(v));
    }
  }
  if (s.contains("const") && v != s["const"]) return fail("must be " + short_text(s["const"]));
  if (s.contains("enum")) {
    const auto& allowed = s["enum"];
    if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
      std::vector<std::string> names;
      std::string list;
      for (const auto& a : allowed) {
        list += (list.empty() ? "" : ", ") + a.dump();
        if (a.is_string()) names.push_back(a);
      }
      std::string hint = v.is_string() ? did_you_mean(v.get<std::string>(), names) : "";
      return fail(short_text(v) + " is not one of " + list +
                  (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)"));
    }
  }
  if (v.is_string()) {
    const auto& str = v.get_ref<const std::string&>();
    if (s.contains("minLength") && str.size() < s["minLength"].get<std::size_t>())
      return fail("must have at least " + s["minLength"].dump() + " characters");
    if (s.contains("maxLength") && str.size() > s["maxLength"].get<std::size_t>())
      return fail("must have at most " + s["maxLength"].dump() + " characters");
    if (s.contains("pattern")) {
      RE2 re(s["pattern"].get<std::string>(), RE2::Quiet);
      if (!RE2::PartialMatch(str, re))
        return fail(short_text(v) + " does not match the pattern " + s["pattern"].dump());
    }
  }
  if (v.is_number()) {
    if (s.contains("minimum") && v.get<double>() < s["minimum"].get<double>())
      return fail("must be at least " + s["minimum"].dump());
    if (s.contains("maximum") && v.get<double>() > s["maximum"].get<double>())
      return fail("must be at most " + s["maximum"].dump());
  }
  if (v.is_array()) {
    if (s.contains("minItems") && v.size() < s["minItems"].get<std::size_t>())
      return fail("must have at least " + s["minItems"].dump() + " items");
    if (s.contains("maxItems") && v.size() > s["maxItems"].get<std::size_t>())
      return fail("must have at most " + s["maxItems"].dump() + " items");
    if (s.contains("items"))
      for (std::size_t i = 0; i < v.size(); ++i)
        if (auto bad = check(s["items"], v[i], child_path(path, i), depth + 1)) return bad;
  }
  if (v.is_object()) {
    if (s.contains("minProperties") && v.size() < s["minProperties"].get<std::size_t>())
      return fail("must have at least " + s["minProperties"].dump() + " fields");
    if (s.contains("maxProperties") && v.size() > s["maxProperties"].get<std::size_t>())
      return fail("must have at most " + s["maxProperties"].dump() + " fields");
    std::vector<std::string> known;
    if (s.contains("properties"))
      for (const auto& [name, sub] : s["properties"].items()) known.push_back(name);
    for (const auto& [key, value] : v.items()) {
      if (s.contains("propertyNames"))
        if (auto bad = check(s["propertyNames"], key, child_path(path, key), depth + 1)) return bad;
      if (s.contains("properties") && s["properties"].contains(key)) {
        if (auto bad = check(s["properties"][key], value, child_path(path, key), depth + 1))
          return bad;
      } else if (s.contains("additionalProperties")) {
        const json& extra = s["additionalProperties"];
        if (extra.is_boolean() && !extra.get<bool>()) {
          std::string hint = did_you_mean(key, known);
          std::string list;
          for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
          return SchemaError{
              child_path(path, key),
              "unknown field" + (hint.empty() ? " (known here: " + list + ")"
                                              : " (did you mean \"" + hint + "\"?)")};
        }
        if (auto bad = check(extra, value, child_path(path, key), depth + 1)) return bad;
      }
    }
    // After the fields present: a misspelt field is better reported as such than as the
    // field it should have been, missing.
    if (s.contains("required"))
      for (const auto& r : s["required"])
        if (!v.contains(r.get<std::string>()))
          return fail("the field \"" + r.get<std::string>() + "\" is missing");
  }
  if (s.contains("allOf"))
    for (const auto& sub : s["allOf"])
      if (auto bad = check(sub, v, path, depth + 1)) return bad;
  if (s.contains("not") && !check(s["not"], v, path, depth + 1))
    return fail(s["not"].value("description", "has a form that is not allowed here"));
  for (const char* keyword : {"anyOf", "oneOf"}) {
    if (!s.contains(keyword)) continue;
    std::vector<SchemaError> errors;
    std::size_t matched = 0;
    for (const auto& sub : s[keyword]) {
      auto bad = check(sub, v, path, depth + 1);
      if (bad)
        errors.push_back(*bad);
      else
        ++matched;
    }
    if (matched == 0) {
      // The branch that got furthest into the value says best what is wrong with it.
      const SchemaError* best = nullptr;
      for (const auto& e : errors)
        if (!best || e.path.size() > best->path.size()) best = &e;
      if (best && best->path.size() > path.size()) return *best;
      std::string forms;
      for (const auto& sub : s[keyword]) {
        const json& r = resolve(sub);
        std::string form = r.value("title", r.contains("type") ? r["type"].dump() : "");
        if (!form.empty()) forms += (forms.empty() ? "" : "; ") + form;
      }
      if (errors.size() == 1 || forms.empty()) return best ? *best : fail("is not allowed here");
      return fail(short_text(v) + " is none of the allowed forms: " + forms);
    }
    if (std::string(keyword) == "oneOf" && matched > 1)
      return fail("matches more than one of the allowed forms");
  }
  return std::nullopt;
}

}  // namespace ulp::conformance
