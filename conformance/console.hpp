// What a person sees while the suite runs: a line per case as it ends, with the broken checks
// and the reproduction lines under a failure, and the closing counts.
#pragma once

#include <ostream>
#include <string>

#include "conformance/case_result.hpp"

namespace ulp::conformance {

class Console {
 public:
  Console(std::ostream& out, bool color, std::size_t id_width)
      : out_(out), color_(color), id_width_(id_width) {}

  void case_line(const CaseResult& r);
  void exchange(const Exchange& e);  // --verbose
  std::string paint(Verdict v, const std::string& text) const;

 private:
  std::ostream& out_;
  bool color_;
  std::size_t id_width_;
};

// Whether to color: --color always/never, or auto (a terminal, and NO_COLOR unset).
bool use_color(const std::string& setting);

}  // namespace ulp::conformance
