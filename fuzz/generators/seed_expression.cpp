#include "fuzz/generators/seed_expression.hpp"

#include <cctype>

#include "core/base64.hpp"
#include "core/sha256.hpp"
#include "core/spec.hpp"

namespace ulp::fuzz {

using nlohmann::json;

namespace {

struct Unevaluable {};

// Recursive descent over the grammar of conformance/expression.hpp.
class Parser {
 public:
  Parser(std::string_view text, const SeedScope& scope) : s_(text), scope_(scope) {}

  json parse() {
    json v = sum();
    skip();
    if (i_ != s_.size()) throw Unevaluable{};
    return v;
  }

 private:
  void skip() {
    while (i_ < s_.size() && s_[i_] == ' ') ++i_;
  }
  bool eat(char c) {
    skip();
    if (i_ < s_.size() && s_[i_] == c) return ++i_, true;
    return false;
  }
  static std::int64_t integer(const json& v) {
    if (!v.is_number_integer()) throw Unevaluable{};
    return v.get<std::int64_t>();
  }
  json sum() {
    json v = product();
    while (true) {
      if (eat('+'))
        v = integer(v) + integer(product());
      else if (eat('-'))
        v = integer(v) - integer(product());
      else
        return v;
    }
  }
  json product() {
    json v = unary();
    while (eat('*')) v = integer(v) * integer(unary());
    return v;
  }
  json unary() {
    skip();
    if (eat('-')) return -integer(unary());
    if (eat('(')) {
      json v = sum();
      if (!eat(')')) throw Unevaluable{};
      return v;
    }
    if (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) {
      std::int64_t n = 0;
      while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_])))
        n = n * 10 + (s_[i_++] - '0');
      return n;
    }
    if (eat('\'')) {
      auto end = s_.find('\'', i_);
      if (end == std::string_view::npos) throw Unevaluable{};
      std::string text(s_.substr(i_, end - i_));
      i_ = end + 1;
      return text;
    }
    std::string name;
    while (i_ < s_.size() &&
           (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_' || s_[i_] == '.'))
      name += s_[i_++];
    if (name.empty()) throw Unevaluable{};
    if (eat('(')) return call(name);
    return lookup(name);
  }
  std::vector<std::string> raw_arguments() {  // size(a, b): blob names, not values
    std::vector<std::string> names;
    while (!eat(')')) {
      skip();
      std::string n;
      while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != ')') n += s_[i_++];
      while (!n.empty() && n.back() == ' ') n.pop_back();
      names.push_back(n);
      eat(',');
      if (i_ >= s_.size()) throw Unevaluable{};
    }
    return names;
  }
  json call(const std::string& f) {
    if (f == "size" || f == "digest") {
      std::string bytes;
      for (const auto& b : raw_arguments()) {
        auto it = scope_.blobs.find(b);
        if (it == scope_.blobs.end()) throw Unevaluable{};
        bytes += it->second;
      }
      if (f == "size") return static_cast<std::int64_t>(bytes.size());
      return "sha256:" + Sha256::hex_of(bytes);
    }
    std::vector<json> args;
    while (!eat(')')) {  // sum() throws at the end of the text: no endless loop
      args.push_back(sum());
      eat(',');
    }
    if (f == "uuid" && args.empty() && scope_.new_uuid) return scope_.new_uuid();
    if (f == "base64Size" && args.size() == 1) return 4 * ((integer(args[0]) + 2) / 3);
    if (f == "repeat" && args.size() == 2 && args[0].is_string()) {
      std::int64_t n = std::min<std::int64_t>(integer(args[1]), 1 << 16);
      std::string out;
      for (std::int64_t k = 0; k < n; ++k) out += args[0].get<std::string>();
      return out;
    }
    if (f == "replicate" && args.size() == 2) {
      json out = json::array();
      for (std::int64_t k = 0; k < std::min<std::int64_t>(integer(args[1]), 1 << 12); ++k)
        out.push_back(args[0]);
      return out;
    }
    throw Unevaluable{};
  }
  // A saved value, a variable (with .member for an object value), a limit, protocol.<path>
  // (spec/protocol.json) or <Shape>.min / .max / .pattern (spec/model.json).
  json lookup(const std::string& name) {
    if (auto it = scope_.names.find(name); it != scope_.names.end()) return it->second;
    auto dot = name.find('.');
    if (dot == std::string::npos) throw Unevaluable{};
    const std::string head = name.substr(0, dot), rest = name.substr(dot + 1);
    if (auto it = scope_.names.find(head); it != scope_.names.end())
      return member(it->second, rest);
    if (head == "protocol") {
      static const json protocol = embedded_json("protocol.json");
      return member(protocol, rest);
    }
    const Spec& spec = Spec::get();
    auto shape = spec.shapes.find(head);
    if (shape == spec.shapes.end()) throw Unevaluable{};
    if (rest == "min" && shape->second.min) return *shape->second.min;
    if (rest == "max" && shape->second.max) return *shape->second.max;
    if (rest == "pattern") return shape->second.pattern;
    throw Unevaluable{};
  }
  static json member(const json& value, const std::string& path) {
    const json* at = &value;
    std::size_t i = 0;
    while (i <= path.size()) {
      std::size_t end = std::min(path.find('.', i), path.size());
      const std::string key = path.substr(i, end - i);
      if (!at->is_object() || !at->contains(key)) throw Unevaluable{};
      at = &(*at)[key];
      i = end + 1;
    }
    return *at;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  const SeedScope& scope_;
};

}  // namespace

std::optional<json> evaluate_seed_expression(std::string_view text, const SeedScope& scope) {
  try {
    return Parser(text, scope).parse();
  } catch (const Unevaluable&) {
    return std::nullopt;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

json expand_seed_template(const std::string& text, const SeedScope& scope) {
  if (text.starts_with("${") && text.ends_with("}") && text.find("${", 2) == std::string::npos) {
    auto v = evaluate_seed_expression(std::string_view(text).substr(2, text.size() - 3), scope);
    return v ? *v : json(text);
  }
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    auto start = text.find("${", i);
    auto end = start == std::string::npos ? std::string::npos : text.find('}', start);
    if (end == std::string::npos) {
      out += text.substr(i);
      break;
    }
    out += text.substr(i, start - i);
    auto v =
        evaluate_seed_expression(std::string_view(text).substr(start + 2, end - start - 2), scope);
    if (v && v->is_string())
      out += v->get<std::string>();
    else if (v && v->is_number_integer())
      out += std::to_string(v->get<std::int64_t>());
    else
      out += text.substr(start, end - start + 1);
    i = end + 1;
  }
  return out;
}

json expand_seed_value(const json& value, const SeedScope& scope,
                       const std::function<std::string(const json&)>& make_blob) {
  if (value.is_string()) return expand_seed_template(value.get<std::string>(), scope);
  if (value.is_array()) {
    json out = json::array();
    for (const auto& v : value) out.push_back(expand_seed_value(v, scope, make_blob));
    return out;
  }
  if (!value.is_object()) return value;
  if (value.size() == 1 && value.contains("$blob")) {
    const json& b = value["$blob"];
    if (b.is_string()) {
      auto it = scope.blobs.find(b.get<std::string>());
      return base64::encode(it == scope.blobs.end() ? std::string() : it->second);
    }
    return base64::encode(make_blob(b));
  }
  json out = json::object();
  for (const auto& [k, v] : value.items()) out[k] = expand_seed_value(v, scope, make_blob);
  return out;
}

}  // namespace ulp::fuzz
