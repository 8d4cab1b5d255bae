#include "tools/ulp/jmespath.hpp"

#include <map>
#include <optional>
#include <vector>

namespace ulp::cli {

using nlohmann::ordered_json;

struct JmesPath::Node {
  enum Kind {
    kField,
    kSubexpression,
    kIndex,
    kIndexExpression,
    kSlice,
    kProjection,
    kValueProjection,
    kFlatten,
    kIdentity,
    kMultiList,
    kMultiHash,
    kPipe,
  } kind;
  std::string name;                   // kField; keys of kMultiHash
  long long index = 0;                // kIndex
  std::optional<long long> slice[3];  // kSlice: start, stop, step
  std::vector<std::unique_ptr<Node>> children;
  std::vector<std::string> keys;  // kMultiHash
};

namespace {

using Node = JmesPath::Node;

std::unique_ptr<Node> make(Node::Kind kind) {
  auto n = std::make_unique<Node>();
  n->kind = kind;
  return n;
}
std::unique_ptr<Node> make(Node::Kind kind, std::unique_ptr<Node> a, std::unique_ptr<Node> b) {
  auto n = make(kind);
  n->children.push_back(std::move(a));
  n->children.push_back(std::move(b));
  return n;
}

struct Token {
  std::string type;   // jmespath.py's token types: "unquoted_identifier", "lbracket", ...
  std::string value;  // the text (identifier names unescaped)
  std::size_t start = 0;
};

class Lexer {
 public:
  explicit Lexer(const std::string& e) : e_(e) {}

  std::vector<Token> tokens() {
    std::vector<Token> out;
    while (i_ < e_.size()) {
      const char c = e_[i_];
      const std::size_t start = i_;
      if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
        while (i_ < e_.size() &&
               (std::isalnum(static_cast<unsigned char>(e_[i_])) || e_[i_] == '_'))
          ++i_;
        out.push_back({"unquoted_identifier", e_.substr(start, i_ - start), start});
      } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                 (c == '-' && i_ + 1 < e_.size() &&
                  std::isdigit(static_cast<unsigned char>(e_[i_ + 1])))) {
        ++i_;
        while (i_ < e_.size() && std::isdigit(static_cast<unsigned char>(e_[i_]))) ++i_;
        out.push_back({"number", e_.substr(start, i_ - start), start});
      } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++i_;
      } else if (c == '"') {
        out.push_back({"quoted_identifier", quoted(), start});
      } else if (c == '\'') {
        delimited('\'');
        out.push_back({"literal", e_.substr(start, i_ - start), start});
      } else if (c == '`') {
        delimited('`');
        out.push_back({"literal", e_.substr(start, i_ - start), start});
      } else {
        out.push_back(symbol(start));
      }
    }
    out.push_back({"eof", "", e_.size()});
    return out;
  }

 private:
  [[noreturn]] void error(std::size_t at, const std::string& message) {
    throw JmesPathError("Bad jmespath expression: " + message + ":\n" + e_ + "\n" +
                        std::string(at, ' ') + "^");
  }
  void delimited(char d) {
    const std::size_t start = i_++;
    while (i_ < e_.size() && e_[i_] != d) i_ += e_[i_] == '\\' ? 2 : 1;
    if (i_ >= e_.size()) error(start, std::string("Unclosed ") + d + " delimiter");
    ++i_;
  }
  std::string quoted() {
    const std::size_t start = i_;
    delimited('"');
    try {
      return nlohmann::json::parse(e_.substr(start, i_ - start)).get<std::string>();
    } catch (const std::exception&) {
      error(start, "Invalid quoted identifier " + e_.substr(start, i_ - start));
    }
  }
  Token symbol(std::size_t start) {
    auto next_is = [&](char c) { return i_ + 1 < e_.size() && e_[i_ + 1] == c; };
    const char c = e_[i_];
    auto one = [&](const char* type) {
      ++i_;
      return Token{type, std::string(1, c), start};
    };
    auto two = [&](const char* type) {
      i_ += 2;
      return Token{type, e_.substr(start, 2), start};
    };
    switch (c) {
      case '.':
        return one("dot");
      case '*':
        return one("star");
      case ',':
        return one("comma");
      case ':':
        return one("colon");
      case '@':
        return one("current");
      case '(':
        return one("lparen");
      case ')':
        return one("rparen");
      case '{':
        return one("lbrace");
      case '}':
        return one("rbrace");
      case ']':
        return one("rbracket");
      case '[':
        if (next_is(']')) return two("flatten");
        if (next_is('?')) return two("filter");
        return one("lbracket");
      case '|':
        return next_is('|') ? two("or") : one("pipe");
      case '&':
        return next_is('&') ? two("and") : one("expref");
      case '!':
        return next_is('=') ? two("ne") : one("not");
      case '=':
        if (next_is('=')) return two("eq");
        error(start, "Unknown token =");
      case '<':
        return next_is('=') ? two("lte") : one("lt");
      case '>':
        return next_is('=') ? two("gte") : one("gt");
      default:
        error(start, std::string("Unknown token ") + c);
    }
  }

  const std::string& e_;
  std::size_t i_ = 0;
};

int binding_power(const std::string& type) {
  static const std::map<std::string, int> power = {
      {"pipe", 1}, {"or", 2},   {"and", 3},     {"eq", 5},        {"gt", 5},     {"lt", 5},
      {"gte", 5},  {"lte", 5},  {"ne", 5},      {"flatten", 9},   {"star", 20},  {"filter", 21},
      {"dot", 40}, {"not", 45}, {"lbrace", 50}, {"lbracket", 55}, {"lparen", 60}};
  auto it = power.find(type);
  return it == power.end() ? 0 : it->second;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

class Parser {
 public:
  Parser(const std::string& expression, std::vector<Token> tokens)
      : e_(expression), t_(std::move(tokens)) {}

  std::unique_ptr<Node> parse() {
    auto root = expression(0);
    if (current() != "eof") parse_error(token(0), "Unexpected token: " + token(0).value);
    return root;
  }

 private:
  const Token& token(std::size_t ahead) const { return t_[std::min(i_ + ahead, t_.size() - 1)]; }
  const std::string& current() const { return token(0).type; }
  void advance() {
    if (i_ < t_.size() - 1) ++i_;
  }

  [[noreturn]] void incomplete() {
    throw JmesPathError("Invalid jmespath expression: Incomplete expression:\n\"" + e_ + "\"\n" +
                        std::string(e_.size() + 1, ' ') + "^");
  }
  [[noreturn]] void parse_error(const Token& t, const std::string& message) {
    if (t.type == "eof") incomplete();
    throw JmesPathError(message + ": Parse error at column " + std::to_string(t.start) +
                        ", token \"" + t.value + "\" (" + upper(t.type) + "), for expression:\n\"" +
                        e_ + "\"\n" + std::string(t.start + 1, ' ') + "^");
  }
  [[noreturn]] void unsupported(const Token& t, const std::string& what) {
    throw JmesPathError(
        "ulp supports a subset of JMESPath (identifiers, a.b, [0], [1:2], [*], "
        ".*, [], [a, b], {k: a}, |, @): " +
        what + " at column " + std::to_string(t.start) + " is not supported");
  }
  void match(const std::string& type) {
    if (current() == type) return advance();
    const Token& t = token(0);
    parse_error(t, "Expecting: " + type + ", got: " + t.type);
  }

  std::unique_ptr<Node> expression(int bp) {
    Token left_token = token(0);
    advance();
    auto left = nud(left_token);
    while (bp < binding_power(current())) {
      Token t = token(0);
      advance();
      left = led(t, std::move(left));
    }
    return left;
  }

  void refuse_operator(const Token& t) {
    const std::string& k = t.type;
    if (k == "filter") unsupported(t, "a filter expression [?...]");
    if (k == "literal") unsupported(t, "a literal " + t.value);
    if (k == "not") unsupported(t, "the not operator !");
    if (k == "expref") unsupported(t, "an expression reference &");
    if (k == "or" || k == "and") unsupported(t, "the " + t.value + " operator");
    if (k == "eq" || k == "ne" || k == "lt" || k == "gt" || k == "lte" || k == "gte")
      unsupported(t, "the comparison " + t.value);
  }

  std::unique_ptr<Node> nud(const Token& t) {
    const std::string& k = t.type;
    refuse_operator(t);
    if (k == "unquoted_identifier" || k == "quoted_identifier") {
      if (current() == "lparen") {
        if (k == "quoted_identifier")
          parse_error(token(0), "Quoted identifier not allowed for function names.");
        unsupported(t, "the function " + t.value + "()");
      }
      auto n = make(Node::kField);
      n->name = t.value;
      return n;
    }
    if (k == "star") {
      auto right =
          current() == "rbracket" ? make(Node::kIdentity) : projection_rhs(binding_power("star"));
      return make(Node::kValueProjection, make(Node::kIdentity), std::move(right));
    }
    if (k == "lbrace") return multi_select_hash();
    if (k == "lparen") {
      auto inner = expression(0);
      match("rparen");
      return inner;
    }
    if (k == "flatten") {
      auto left = make(Node::kFlatten);
      left->children.push_back(make(Node::kIdentity));
      return make(Node::kProjection, std::move(left), projection_rhs(binding_power("flatten")));
    }
    if (k == "lbracket") {
      if (current() == "number" || current() == "colon")
        return project_if_slice(make(Node::kIdentity), index_expression());
      if (current() == "star" && token(1).type == "rbracket") {
        advance();
        advance();
        return make(Node::kProjection, make(Node::kIdentity),
                    projection_rhs(binding_power("star")));
      }
      return multi_select_list();
    }
    if (k == "current") return make(Node::kIdentity);
    if (k == "eof") incomplete();
    parse_error(t, "invalid token");
  }

  std::unique_ptr<Node> led(const Token& t, std::unique_ptr<Node> left) {
    const std::string& k = t.type;
    refuse_operator(t);
    if (k == "dot") {
      if (current() != "star") {
        auto right = dot_rhs(binding_power("dot"));
        if (left->kind == Node::kSubexpression) {
          left->children.push_back(std::move(right));
          return left;
        }
        return make(Node::kSubexpression, std::move(left), std::move(right));
      }
      advance();
      return make(Node::kValueProjection, std::move(left), projection_rhs(binding_power("dot")));
    }
    if (k == "pipe") return make(Node::kPipe, std::move(left), expression(binding_power("pipe")));
    if (k == "lparen") unsupported(t, "a function call");
    if (k == "flatten") {
      auto flat = make(Node::kFlatten);
      flat->children.push_back(std::move(left));
      return make(Node::kProjection, std::move(flat), projection_rhs(binding_power("flatten")));
    }
    if (k == "lbracket") {
      if (current() == "number" || current() == "colon") {
        auto right = index_expression();
        if (left->kind == Node::kIndexExpression) {
          left->children.push_back(std::move(right));
          return left;
        }
        return project_if_slice(std::move(left), std::move(right));
      }
      match("star");
      match("rbracket");
      return make(Node::kProjection, std::move(left), projection_rhs(binding_power("star")));
    }
    parse_error(t, "Unexpected token: " + t.value);
  }

  std::unique_ptr<Node> index_expression() {
    if (current() == "colon" || token(1).type == "colon") return slice_expression();
    auto n = make(Node::kIndex);
    n->index = std::stoll(token(0).value);
    advance();
    match("rbracket");
    return n;
  }
  std::unique_ptr<Node> slice_expression() {
    auto n = make(Node::kSlice);
    int part = 0;
    while (current() != "rbracket" && part < 3) {
      if (current() == "colon") {
        if (++part == 3) parse_error(token(0), "syntax error");
        advance();
      } else if (current() == "number") {
        n->slice[part] = std::stoll(token(0).value);
        advance();
      } else {
        parse_error(token(0), "syntax error");
      }
    }
    match("rbracket");
    return n;
  }
  std::unique_ptr<Node> project_if_slice(std::unique_ptr<Node> left, std::unique_ptr<Node> right) {
    const bool is_slice = right->kind == Node::kSlice;
    auto index = make(Node::kIndexExpression, std::move(left), std::move(right));
    if (!is_slice) return index;
    return make(Node::kProjection, std::move(index), projection_rhs(binding_power("star")));
  }
  std::unique_ptr<Node> projection_rhs(int bp) {
    const std::string& k = current();
    if (binding_power(k) < 10) return make(Node::kIdentity);
    if (k == "lbracket" || k == "filter") return expression(bp);
    if (k == "dot") {
      match("dot");
      return dot_rhs(bp);
    }
    parse_error(token(0), "syntax error");
  }
  std::unique_ptr<Node> dot_rhs(int bp) {
    const std::string& k = current();
    if (k == "quoted_identifier" || k == "unquoted_identifier" || k == "star")
      return expression(bp);
    if (k == "lbracket") {
      match("lbracket");
      return multi_select_list();
    }
    if (k == "lbrace") {
      match("lbrace");
      return multi_select_hash();
    }
    parse_error(token(0),
                "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', "
                "'lbrace'], got: " +
                    token(0).type);
  }
  std::unique_ptr<Node> multi_select_list() {
    auto n = make(Node::kMultiList);
    for (;;) {
      n->children.push_back(expression(0));
      if (current() == "rbracket") break;
      match("comma");
    }
    match("rbracket");
    return n;
  }
  std::unique_ptr<Node> multi_select_hash() {
    auto n = make(Node::kMultiHash);
    for (;;) {
      const Token key = token(0);
      if (key.type != "quoted_identifier" && key.type != "unquoted_identifier")
        parse_error(key,
                    "Expecting: ['quoted_identifier', 'unquoted_identifier'], got: " + key.type);
      advance();
      match("colon");
      n->keys.push_back(key.value);
      n->children.push_back(expression(0));
      if (current() == "comma") {
        match("comma");
      } else if (current() == "rbrace") {
        match("rbrace");
        break;
      } else {
        parse_error(token(0), "Expecting: rbrace, got: " + token(0).type);
      }
    }
    return n;
  }

  const std::string& e_;
  std::vector<Token> t_;
  std::size_t i_ = 0;
};

ordered_json slice_of(const ordered_json& list, const Node& n) {
  const long long size = static_cast<long long>(list.size());
  const long long step = n.slice[2].value_or(1);
  if (step == 0) throw JmesPathError("Invalid slice expression: the step cannot be 0");
  // Python's slice.indices().
  auto clamp = [&](std::optional<long long> v, bool is_start) {
    if (!v) return step > 0 ? (is_start ? 0 : size) : (is_start ? size - 1 : -1);
    long long x = *v;
    if (x < 0) {
      x += size;
      if (x < 0) x = step > 0 ? 0 : -1;
    } else if (x >= size) {
      x = step > 0 ? size : size - 1;
    }
    return x;
  };
  const long long start = clamp(n.slice[0], true), stop = clamp(n.slice[1], false);
  ordered_json out = ordered_json::array();
  for (long long i = start; step > 0 ? i < stop : i > stop; i += step)
    out.push_back(list[static_cast<std::size_t>(i)]);
  return out;
}

ordered_json visit(const Node& n, const ordered_json& v) {
  switch (n.kind) {
    case Node::kField:
      if (v.is_object()) {
        auto it = v.find(n.name);
        if (it != v.end()) return *it;
      }
      return nullptr;
    case Node::kSubexpression: {
      ordered_json result = v;
      for (const auto& c : n.children) result = visit(*c, result);
      return result;
    }
    case Node::kIndex: {
      if (!v.is_array()) return nullptr;
      long long i = n.index < 0 ? n.index + static_cast<long long>(v.size()) : n.index;
      if (i < 0 || i >= static_cast<long long>(v.size())) return nullptr;
      return v[static_cast<std::size_t>(i)];
    }
    case Node::kIndexExpression: {
      ordered_json result = v;
      for (const auto& c : n.children) result = visit(*c, result);
      return result;
    }
    case Node::kSlice:
      return v.is_array() ? slice_of(v, n) : ordered_json(nullptr);
    case Node::kProjection: {
      ordered_json base = visit(*n.children[0], v);
      if (!base.is_array()) return nullptr;
      ordered_json out = ordered_json::array();
      for (const auto& e : base) {
        ordered_json r = visit(*n.children[1], e);
        if (!r.is_null()) out.push_back(std::move(r));
      }
      return out;
    }
    case Node::kValueProjection: {
      ordered_json base = visit(*n.children[0], v);
      if (!base.is_object()) return nullptr;
      ordered_json out = ordered_json::array();
      for (const auto& [_, e] : base.items()) {
        ordered_json r = visit(*n.children[1], e);
        if (!r.is_null()) out.push_back(std::move(r));
      }
      return out;
    }
    case Node::kFlatten: {
      ordered_json base = visit(*n.children[0], v);
      if (!base.is_array()) return nullptr;
      ordered_json out = ordered_json::array();
      for (const auto& e : base) {
        if (e.is_array())
          for (const auto& x : e) out.push_back(x);
        else
          out.push_back(e);
      }
      return out;
    }
    case Node::kIdentity:
      return v;
    case Node::kMultiList: {
      if (v.is_null()) return nullptr;
      ordered_json out = ordered_json::array();
      for (const auto& c : n.children) out.push_back(visit(*c, v));
      return out;
    }
    case Node::kMultiHash: {
      if (v.is_null()) return nullptr;
      ordered_json out = ordered_json::object();
      for (std::size_t i = 0; i < n.children.size(); ++i) out[n.keys[i]] = visit(*n.children[i], v);
      return out;
    }
    case Node::kPipe:
      return visit(*n.children[1], visit(*n.children[0], v));
  }
  return nullptr;
}

}  // namespace

JmesPath::JmesPath(std::unique_ptr<Node> root) : root_(std::move(root)) {}
JmesPath::~JmesPath() = default;
JmesPath::JmesPath(JmesPath&&) noexcept = default;
JmesPath& JmesPath::operator=(JmesPath&&) noexcept = default;

JmesPath JmesPath::compile(const std::string& expression) {
  if (expression.empty())
    throw JmesPathError("Invalid jmespath expression: Incomplete expression:\n\"\"\n ^");
  return JmesPath(Parser(expression, Lexer(expression).tokens()).parse());
}

ordered_json JmesPath::search(const ordered_json& value) const {
  return visit(*root_, value);
}

}  // namespace ulp::cli
