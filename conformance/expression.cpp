#include "conformance/expression.hpp"

#include <cctype>

namespace ulp::conformance {

using nlohmann::json;

namespace {

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  NodePtr parse() {
    NodePtr n = sum();
    skip_space();
    if (pos_ != text_.size()) fail("unexpected '" + std::string(1, text_[pos_]) + "'");
    return n;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw ExpressionError("in '" + std::string(text_) + "' at " + std::to_string(pos_ + 1) + ": " +
                          what);
  }
  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool accept(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) return ++pos_, true;
    return false;
  }
  static NodePtr binary(Node::Kind k, NodePtr a, NodePtr b) {
    return std::make_shared<Node>(Node{k, 0, "", {std::move(a), std::move(b)}});
  }
  NodePtr sum() {
    NodePtr n = product();
    for (;;) {
      if (accept('+'))
        n = binary(Node::Kind::add, n, product());
      else if (accept('-'))
        n = binary(Node::Kind::sub, n, product());
      else
        return n;
    }
  }
  NodePtr product() {
    NodePtr n = unary();
    while (accept('*')) n = binary(Node::Kind::mul, n, unary());
    return n;
  }
  NodePtr unary() {
    if (accept('-')) return std::make_shared<Node>(Node{Node::Kind::neg, 0, "", {unary()}});
    skip_space();
    if (pos_ >= text_.size()) fail("an expression is missing");
    char c = text_[pos_];
    if (accept('(')) {
      NodePtr n = sum();
      if (!accept(')')) fail("')' is missing");
      return n;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      std::int64_t v = 0;
      while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
        if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, text_[pos_] - '0', &v))
          fail("the number does not fit in 64 bits");
        ++pos_;
      }
      return std::make_shared<Node>(Node{Node::Kind::integer, v, "", {}});
    }
    if (c == '\'') {
      auto end = text_.find('\'', pos_ + 1);
      if (end == std::string_view::npos) fail("the string is not closed");
      std::string s(text_.substr(pos_ + 1, end - pos_ - 1));
      pos_ = end + 1;
      return std::make_shared<Node>(Node{Node::Kind::string, 0, s, {}});
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::string name;
      while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) ||
                                     text_[pos_] == '_' || text_[pos_] == '.'))
        name += text_[pos_++];
      if (name.back() == '.') fail("a name ends with '.'");
      if (accept('(')) {
        auto call = std::make_shared<Node>(Node{Node::Kind::call, 0, name, {}});
        if (!accept(')')) {
          do call->args.push_back(sum());
          while (accept(','));
          if (!accept(')')) fail("')' is missing after the arguments of " + name);
        }
        return call;
      }
      return std::make_shared<Node>(Node{Node::Kind::name, 0, name, {}});
    }
    fail("unexpected '" + std::string(1, c) + "'");
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

NodePtr parse_expression(std::string_view text) {
  return Parser(text).parse();
}

std::int64_t evaluate_integer(const Node& node, Environment& env) {
  json v = evaluate(node, env);
  if (!v.is_number_integer())
    throw ExpressionError("'" + (node.text.empty() ? std::string("expression") : node.text) +
                          "' is " + v.dump() + ", not an integer");
  return v.get<std::int64_t>();
}

json evaluate(const Node& node, Environment& env) {
  std::int64_t r = 0;
  switch (node.kind) {
    case Node::Kind::integer:
      return node.number;
    case Node::Kind::string:
      return node.text;
    case Node::Kind::name:
      return env.name(node.text);
    case Node::Kind::call:
      return env.call(node.text, node.args);
    case Node::Kind::neg:
      if (__builtin_sub_overflow(std::int64_t{0}, evaluate_integer(*node.args[0], env), &r))
        throw ExpressionError("integer overflow");
      return r;
    case Node::Kind::add:
    case Node::Kind::sub:
    case Node::Kind::mul: {
      std::int64_t a = evaluate_integer(*node.args[0], env);
      std::int64_t b = evaluate_integer(*node.args[1], env);
      bool overflow = node.kind == Node::Kind::add   ? __builtin_add_overflow(a, b, &r)
                      : node.kind == Node::Kind::sub ? __builtin_sub_overflow(a, b, &r)
                                                     : __builtin_mul_overflow(a, b, &r);
      if (overflow) throw ExpressionError("integer overflow");
      return r;
    }
  }
  return nullptr;
}

void visit(const Node& node, const std::function<void(const Node&)>& f) {
  f(node);
  for (const auto& a : node.args) visit(*a, f);
}

std::vector<TemplatePiece> parse_template(std::string_view text) {
  std::vector<TemplatePiece> pieces;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto open = text.find("${", pos);
    if (open == std::string_view::npos) {
      pieces.push_back({std::string(text.substr(pos)), nullptr});
      break;
    }
    if (open > pos) pieces.push_back({std::string(text.substr(pos, open - pos)), nullptr});
    auto close = text.find('}', open);
    if (close == std::string_view::npos)
      throw ExpressionError("'${' without its '}' in '" + std::string(text) + "'");
    pieces.push_back({"", parse_expression(text.substr(open + 2, close - open - 2))});
    pos = close + 1;
  }
  return pieces;
}

json evaluate_template(std::string_view text, Environment& env) {
  auto pieces = parse_template(text);
  if (pieces.size() == 1 && pieces[0].expr) return evaluate(*pieces[0].expr, env);
  std::string out;
  for (const auto& p : pieces) {
    if (!p.expr) {
      out += p.text;
      continue;
    }
    json v = evaluate(*p.expr, env);
    out += v.is_string() ? v.get<std::string>() : v.dump();
  }
  return out;
}

}  // namespace ulp::conformance
