// Where the conformance cases are: found from the program's own location, so that an installed
// suite (bin/ and share/ulp/ under one prefix) works wherever the prefix is, and a build runs
// its source tree's cases. Never the source tree for an installed program.
//   1. $ULP_DATA_DIR/fixtures/conformance
//   2. <dir of the program>/../share/ulp/fixtures/conformance (installed)
//   3. the source tree's fixtures/conformance, for the program in its build tree
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace ulp::conformance {

// nullopt with *why when none of the three is there.
std::optional<std::filesystem::path> default_fixtures_dir(std::string* why);

}  // namespace ulp::conformance
