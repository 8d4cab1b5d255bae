#include "core/pattern.hpp"

#include <re2/re2.h>

#include <stdexcept>

namespace ulp {

Pattern::Pattern(std::string text) : text_(std::move(text)) {}

Pattern::~Pattern() = default;

const re2::RE2& Pattern::compiled() const {
  std::call_once(once_, [this] {
    auto re = std::make_unique<re2::RE2>(text_, re2::RE2::Quiet);
    if (!re->ok())
      throw std::runtime_error("spec/model.json: the pattern " + text_ +
                               " does not compile: " + re->error());
    re_ = std::move(re);
  });
  return *re_;
}

bool Pattern::full_match(std::string_view value) const {
  return re2::RE2::FullMatch(re2::StringPiece(value.data(), value.size()), compiled());
}

}  // namespace ulp
