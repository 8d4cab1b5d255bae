// --query: a subset of JMESPath, written here because no Debian package offers JMESPath for
// C++. The subset covers what response queries use: identifiers (plain and "quoted"),
// sub-expressions a.b, index [0] [-1] and slice [1:3] [::-1], wildcard projections [*] and
// .*, flatten [], multiselect lists [a, b] and hashes {x: a, y: b}, pipes a | b and the
// current node @. Its parser and evaluator follow jmespath.py's (the aws CLI's library), so
// projections stop, nulls drop and errors read the same. Anything else (filters [?...],
// functions, comparisons, && || !, literals) is refused with a message naming it.
//
//   auto q = ulp::cli::JmesPath::compile("layers[*].layerDigest");  // throws JmesPathError
//   nlohmann::ordered_json digests = q.search(response);
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace ulp::cli {

class JmesPathError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class JmesPath {
 public:
  struct Node;
  static JmesPath compile(const std::string& expression);
  nlohmann::ordered_json search(const nlohmann::ordered_json& value) const;
  ~JmesPath();
  JmesPath(JmesPath&&) noexcept;
  JmesPath& operator=(JmesPath&&) noexcept;

 private:
  explicit JmesPath(std::unique_ptr<Node> root);
  std::unique_ptr<Node> root_;
};

}  // namespace ulp::cli
