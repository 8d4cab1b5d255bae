#include "conformance/matcher.hpp"

#include <re2/re2.h>

#include "conformance/fixture.hpp"
#include "core/validate.hpp"

namespace ulp::conformance {

using nlohmann::json;

namespace {

json resolved(const json& template_value, Environment& env) {
  if (template_value.is_string()) return evaluate_template(template_value.get<std::string>(), env);
  if (template_value.is_array()) {
    json out = json::array();
    for (const auto& v : template_value) out.push_back(resolved(v, env));
    return out;
  }
  if (template_value.is_object()) {
    json out = json::object();
    for (const auto& [k, v] : template_value.items()) out[k] = resolved(v, env);
    return out;
  }
  return template_value;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string media_type(const std::string& content_type) {
  std::string t = content_type.substr(0, content_type.find(';'));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  while (!t.empty() && t.front() == ' ') t.erase(t.begin());
  return lower(t);
}

bool has_type(const json& v, const std::string& type) {
  if (type == "string") return v.is_string();
  if (type == "integer") return v.is_number_integer();
  if (type == "number") return v.is_number();
  if (type == "boolean") return v.is_boolean();
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  return v.is_null();
}

std::string got(const json* value) {
  return value ? short_json(*value) : std::string("absent");
}

}  // namespace

std::string short_json(const json& value, std::size_t max) {
  json shown = value;
  // Long strings (a blob's base64) say how long they are instead of what they hold.
  std::function<void(json&)> shorten = [&](json& v) {
    if (v.is_string() && v.get_ref<const std::string&>().size() > 64) {
      const auto& s = v.get_ref<const std::string&>();
      v = s.substr(0, 24) + "...(" + std::to_string(s.size()) + " characters)";
    } else if (v.is_structured()) {
      for (auto& x : v) shorten(x);
    }
  };
  shorten(shown);
  std::string s = shown.dump(-1, ' ', false, json::error_handler_t::replace);
  return s.size() > max ? s.substr(0, max - 3) + "..." : s;
}

const json* member_at(const json& root, const std::string& path) {
  const json* at = &root;
  std::size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '[') {
      auto close = path.find(']', pos);
      if (close == std::string::npos || !at->is_array()) return nullptr;
      std::size_t index = std::stoul(path.substr(pos + 1, close - pos - 1));
      if (index >= at->size()) return nullptr;
      at = &(*at)[index];
      pos = close + 1;
      if (pos < path.size() && path[pos] == '.') ++pos;
      continue;
    }
    auto end = path.find_first_of(".[", pos);
    std::string key = path.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (!at->is_object()) return nullptr;
    auto it = at->find(key);
    if (it == at->end()) return nullptr;
    at = &*it;
    pos = end == std::string::npos ? path.size() : end + (path[end] == '.');
  }
  return at->is_null() ? nullptr : at;
}

std::optional<std::string> match(const json& matcher, const json* value, Environment& env) {
  if (!matcher.is_object()) {
    json expected = resolved(matcher, env);
    if (value && *value == expected) return std::nullopt;
    return "is " + got(value) + ", expected " + short_json(expected);
  }
  for (const auto& [keyword, arg] : matcher.items()) {
    std::optional<std::string> bad;
    if (keyword == "equals") {
      json expected = resolved(arg, env);
      if (!value || *value != expected)
        bad = "is " + got(value) + ", expected " + short_json(expected);
    } else if (keyword == "anyOf") {
      std::string reasons;
      bool any = false;
      for (const auto& m : arg) {
        auto why = match(m, value, env);
        if (!why) {
          any = true;
          break;
        }
        reasons += (reasons.empty() ? "" : "; ") + *why;
      }
      if (!any) bad = "matches none of: " + reasons;
    } else if (keyword == "not") {
      if (!match(arg, value, env)) bad = "is " + got(value) + ", which is not allowed here";
    } else if (keyword == "present") {
      if (arg.get<bool>() && !value) bad = "is absent, expected present";
      if (!arg.get<bool>() && value) bad = "is " + got(value) + ", expected absent";
    } else if (keyword == "type") {
      if (!value || !has_type(*value, arg)) bad = "is " + got(value) + ", expected " + arg.dump();
    } else if (keyword == "shape") {
      if (!value) {
        bad = "is absent, expected a " + arg.get<std::string>();
      } else if (auto invalid = validate(arg.get<std::string>(), *value)) {
        bad = "is " + got(value) + ", not a valid " + arg.get<std::string>() + " (" +
              invalid->constraint + ")";
      }
    } else if (keyword == "pattern") {
      RE2 re(arg.get<std::string>(), RE2::Quiet);
      if (!value || !value->is_string() || !RE2::FullMatch(value->get<std::string>(), re))
        bad = "is " + got(value) + ", expected a match of " + arg.get<std::string>();
    } else if (keyword == "mediaType") {
      json expected = resolved(arg, env);
      if (!value || !value->is_string() ||
          media_type(value->get<std::string>()) != lower(expected.get<std::string>()))
        bad = "is " + got(value) + ", expected " + expected.dump();
    } else if (keyword == "min" || keyword == "max") {
      std::int64_t bound = evaluate_integer(*parse_expression(expression_text(arg)), env);
      if (!value || !value->is_number())
        bad = "is " + got(value) + ", expected a number";
      else if (keyword == "min" ? value->get<double>() < static_cast<double>(bound)
                                : value->get<double>() > static_cast<double>(bound))
        bad = "is " + got(value) + ", expected " + (keyword == "min" ? "at least " : "at most ") +
              std::to_string(bound);
    }
    if (bad) return bad;
  }
  return std::nullopt;
}

}  // namespace ulp::conformance
