// Requirements against cases: every MUST and SHOULD requirement has a case, every PROBE has a
// case that records its answer, every expectation names (or inherits from its step) one
// requirement, and no case names a requirement spec/ does not have.
#pragma once

#include <string>
#include <vector>

#include "conformance/fixture.hpp"
#include "core/spec.hpp"

namespace ulp::conformance {

struct Traceability {
  struct Row {
    const Requirement* requirement;
    std::vector<std::string> cases;  // fixture IDs that declare it
  };
  std::vector<Row> rows;
  std::vector<std::string> problems;  // empty when the suite traces to spec/ both ways
};

Traceability trace(const std::vector<Case>& cases,
                   const std::vector<Requirement>& requirements = Spec::get().requirements());

std::string format_traceability(const Traceability& t);

}  // namespace ulp::conformance
