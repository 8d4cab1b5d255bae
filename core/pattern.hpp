// A pattern from the model (spec/model.json), compiled by RE2 the first time a value is
// matched against it. Most runs match against few patterns or none (a ulp call matches none),
// and compiling all of the model's up front was a third of ulp's start-up work (callgrind).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace ulp {

class Pattern {
 public:
  explicit Pattern(std::string text);
  ~Pattern();
  Pattern(const Pattern&) = delete;
  Pattern& operator=(const Pattern&) = delete;

  const std::string& text() const { return text_; }
  // Whole-value match, as the model's patterns are meant. Thread-safe. Throws
  // std::runtime_error when the pattern does not compile.
  bool full_match(std::string_view value) const;
  const re2::RE2& compiled() const;  // compiles it, as full_match does

 private:
  std::string text_;
  mutable std::once_flag once_;
  mutable std::unique_ptr<re2::RE2> re_;
};

}  // namespace ulp
