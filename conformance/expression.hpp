// The small expression language of fixtures: "${uploadId}", "${maxPartBytes+1}",
// "${size(first,second)-1}", "${digest(first)}", "${repeat('a', RepositoryName.max+1)}".
//
//   expr    := sum;  sum := product (('+'|'-') product)*;  product := unary ('*' unary)*
//   unary   := '-' unary | INTEGER | 'string' | NAME('.'NAME)* | NAME '(' [expr (',' expr)*] ')'
//            | '(' expr ')'
//
// Values are 64-bit integers (overflow is an error), strings and arrays. Names and functions
// are supplied by an Environment: saved values, run context, limits, spec constants, blobs.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ulp::conformance {

struct ExpressionError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Node {
  enum class Kind { integer, string, name, call, add, sub, mul, neg } kind;
  std::int64_t number = 0;
  std::string text;  // string value, name, or function name
  std::vector<std::shared_ptr<const Node>> args;
};
using NodePtr = std::shared_ptr<const Node>;

NodePtr parse_expression(std::string_view text);  // throws ExpressionError

class Environment {
 public:
  virtual ~Environment() = default;
  virtual nlohmann::json name(const std::string& name) = 0;  // throws when unknown
  // Functions get their arguments unevaluated: size(a) names a blob, it does not compute it.
  virtual nlohmann::json call(const std::string& function, const std::vector<NodePtr>& args) = 0;
};

nlohmann::json evaluate(const Node& node, Environment& env);  // throws ExpressionError
std::int64_t evaluate_integer(const Node& node, Environment& env);

// Visits every name and call of an expression (load-time checks).
void visit(const Node& node, const std::function<void(const Node&)>& f);

// Template strings: "${expr}" alone is the typed value; "text ${expr} text" is a string.
// Pieces of text and expressions, in order.
struct TemplatePiece {
  std::string text;  // when expr is null
  NodePtr expr;
};
std::vector<TemplatePiece> parse_template(std::string_view text);  // throws ExpressionError
nlohmann::json evaluate_template(std::string_view text, Environment& env);

}  // namespace ulp::conformance
