#include "tools/ulp/shorthand.hpp"

#include "tools/ulp/arg_parser.hpp"
#include "tools/ulp/command_table.hpp"

namespace ulp::cli {

using nlohmann::ordered_json;

namespace {

bool is_ws(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// The character classes of shorthand.py's regular expressions; bytes of UTF-8 sequences
// (>= 0x80) fall in their \u007c-\uffff ranges.
bool start_word(unsigned char c) {
  return c == '!' || (c >= '#' && c <= '&') || (c >= '(' && c <= '+') || (c >= '-' && c <= '<') ||
         (c >= '>' && c <= 'Z') || (c >= '\\' && c <= 'z') || c >= '|';
}
bool first_follow(unsigned char c) {
  return is_ws(static_cast<char>(c)) || c == '!' || (c >= '#' && c <= '&') ||
         (c >= '(' && c <= '+') || (c >= '-' && c <= '\\') || (c >= '^' && c <= '|') || c >= '~';
}
bool second_follow(unsigned char c) {
  return is_ws(static_cast<char>(c)) || c == '!' || (c >= '#' && c <= '&') ||
         (c >= '(' && c <= '+') || (c >= '-' && c <= '<') || c >= '>';
}

class Parser {
 public:
  explicit Parser(const std::string& input) : in_(input) {}

  ordered_json parameter() {
    ordered_json params = ordered_json::object();
    auto [key, value] = keyval();
    params[key] = value;
    std::size_t last = i_;
    while (i_ < in_.size()) {
      expect(',', true);
      auto [k, v] = keyval();
      if (params.contains(k))
        throw ShorthandError("Second instance of key \"" + k + "\" encountered for input:\n" +
                             location(last + 1) +
                             "\nThis is often because there is a preceding \",\" instead of a "
                             "space.");
      params[k] = v;
      last = i_;
    }
    return params;
  }

 private:
  struct Backtrack {};

  std::string location(std::size_t index) const {
    std::string consumed = in_, remaining;
    std::size_t spaces = index;
    auto before = in_.substr(0, index);
    if (auto nl = before.rfind('\n'); nl != std::string::npos) spaces = index - nl - 1;
    if (auto nl = in_.find('\n', index); nl != std::string::npos) {
      consumed = in_.substr(0, nl);
      remaining = in_.substr(nl);
    }
    return consumed + "\n" + std::string(spaces, ' ') + "^" + remaining;
  }
  [[noreturn]] void syntax_error(const std::string& expected, const std::string& actual) const {
    throw ShorthandError("Expected: '" + expected + "', received: '" + actual + "' for input:\n" +
                         location(i_));
  }
  bool eof() const { return i_ >= in_.size(); }
  int current() const { return eof() ? -1 : static_cast<unsigned char>(in_[i_]); }
  void whitespace() {
    while (!eof() && is_ws(in_[i_])) ++i_;
  }
  void expect(char c, bool consume_whitespace = false) {
    if (consume_whitespace) whitespace();
    if (eof()) syntax_error(std::string(1, c), "EOF");
    if (in_[i_] != c) syntax_error(std::string(1, c), std::string(1, in_[i_]));
    ++i_;
    if (consume_whitespace) whitespace();
  }

  std::pair<std::string, ordered_json> keyval() {
    std::string k = key();
    expect('=', true);
    return {k, values()};
  }
  std::string key() {
    std::size_t start = i_;
    while (!eof()) {
      char c = in_[i_];
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
            c == '#' || c == '/' || c == ':'))
        break;
      ++i_;
    }
    return in_.substr(start, i_ - start);
  }
  ordered_json values() {
    if (eof()) return "";
    if (current() == '[') return explicit_list();
    if (current() == '{') return hash_literal();
    return csv_value();
  }
  ordered_json csv_value() {
    ordered_json first = first_value();
    whitespace();
    if (eof() || in_[i_] != ',') return first;
    expect(',', true);
    ordered_json list = ordered_json::array({first});
    for (;;) {
      std::size_t saved = i_;
      try {
        ordered_json v = second_value();
        whitespace();
        if (eof()) {
          list.push_back(v);
          break;
        }
        expect(',', true);
        list.push_back(v);
      } catch (const ShorthandError&) {
        if (eof()) throw;
        i_ = saved;
        while (i_ > 0 && in_[i_] != ',') --i_;  // back to the comma before the next key
        break;
      }
    }
    if (list.size() == 1) return first;
    return list;
  }
  // (\\,|[start])(\\,|[follow])*, with "\," read as ","; trailing spaces dropped.
  std::optional<std::string> word(bool (*follow)(unsigned char)) {
    std::size_t j = i_;
    auto escaped_comma = [&](std::size_t at) {
      return at + 1 < in_.size() && in_[at] == '\\' && in_[at + 1] == ',';
    };
    if (escaped_comma(j))
      j += 2;
    else if (j < in_.size() && start_word(static_cast<unsigned char>(in_[j])))
      ++j;
    else
      return std::nullopt;
    for (;;) {
      if (escaped_comma(j))
        j += 2;
      else if (j < in_.size() && follow(static_cast<unsigned char>(in_[j])))
        ++j;
      else
        break;
    }
    std::string raw = in_.substr(i_, j - i_);
    i_ = j;
    std::string out;
    for (std::size_t k = 0; k < raw.size(); ++k) {
      if (raw[k] == '\\' && k + 1 < raw.size() && raw[k + 1] == ',') continue;
      out += raw[k];
    }
    while (!out.empty() && is_ws(out.back())) out.pop_back();
    return out;
  }
  ordered_json first_value() {
    if (current() == '\'') return quoted('\'');
    if (current() == '"') return quoted('"');
    auto w = word(first_follow);
    return w ? *w : "";
  }
  ordered_json second_value() {
    if (current() == '\'') return quoted('\'');
    if (current() == '"') return quoted('"');
    auto w = word(second_follow);
    if (!w) syntax_error("<second>", "<none>");
    return *w;
  }
  ordered_json quoted(char q) {
    // '(?:\\\\|\\'|[^'])*'
    std::size_t j = i_ + 1;
    for (;;) {
      if (j >= in_.size())
        syntax_error(q == '\'' ? "<singled quoted>" : "<double quoted>", "<none>");
      if (in_[j] == '\\' && j + 1 < in_.size() && (in_[j + 1] == '\\' || in_[j + 1] == q)) {
        j += 2;
        continue;
      }
      if (in_[j] == q) break;
      ++j;
    }
    std::string body = in_.substr(i_ + 1, j - i_ - 1);
    i_ = j + 1;
    std::string unescaped;
    for (std::size_t k = 0; k < body.size(); ++k) {
      if (body[k] == '\\' && k + 1 < body.size() && body[k + 1] == q) continue;
      unescaped += body[k];
    }
    std::string out;
    for (std::size_t k = 0; k < unescaped.size(); ++k) {
      out += unescaped[k];
      if (unescaped[k] == '\\' && k + 1 < unescaped.size() && unescaped[k + 1] == '\\') ++k;
    }
    return out;
  }
  ordered_json explicit_list() {
    expect('[', true);
    ordered_json list = ordered_json::array();
    while (current() != ']') {
      if (eof()) syntax_error("]", "EOF");
      list.push_back(explicit_value());
      whitespace();
      if (current() != ']') {
        expect(',');
        whitespace();
      }
    }
    expect(']');
    return list;
  }
  ordered_json explicit_value() {
    if (current() == '[') return explicit_list();
    if (current() == '{') return hash_literal();
    return first_value();
  }
  ordered_json hash_literal() {
    expect('{', true);
    ordered_json object = ordered_json::object();
    while (current() != '}') {
      if (eof()) syntax_error("}", "EOF");
      std::string k = key();
      expect('=', true);
      ordered_json v = explicit_value();
      whitespace();
      if (current() != '}') {
        expect(',');
        whitespace();
      }
      object[k] = v;
    }
    expect('}');
    return object;
  }

  const std::string& in_;
  std::size_t i_ = 0;
};

}  // namespace

ordered_json parse_shorthand(const std::string& text) {
  return Parser(text).parameter();
}

void type_by_shape(ordered_json& value, const Shape& shape) {
  const Spec& spec = Spec::get();
  if (shape.type == "structure") {
    if (!value.is_object()) return;
    for (const auto& [member, member_shape] : CommandTable::get().members_of(shape))
      if (value.contains(member)) type_by_shape(value[member], spec.shape(member_shape));
    return;
  }
  if (shape.type == "list") {
    if (value.is_null()) return;
    if (!value.is_array()) value = ordered_json::array({value});
    for (auto& item : value) type_by_shape(item, spec.shape(shape.member));
    return;
  }
  if (!value.is_string()) return;
  const std::string text = value.get<std::string>();
  if (shape.type == "integer" || shape.type == "long") {
    auto n = parse_python_int(text);
    if (!n) throw ShorthandError("invalid literal for int() with base 10: " + text);
    value = *n;
  } else if (shape.type == "float" || shape.type == "double") {
    try {
      value = std::stod(text);
    } catch (const std::exception&) {
      throw ShorthandError("could not convert string to float: " + text);
    }
  } else if (shape.type == "boolean") {
    std::string lower = text;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "true") value = true;
    if (lower == "false") value = false;
  }
}

}  // namespace ulp::cli
