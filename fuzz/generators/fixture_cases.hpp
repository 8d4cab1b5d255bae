// Seed cases from the conformance fixtures (fixtures/conformance/**/*.json, the format of
// spec/fixture.schema.json): each file, each forEach variant. A file that does not read as a
// fixture is reported and skipped; the conformance runner is the one that rejects it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "fuzz/generators/seed_case.hpp"

namespace ulp::fuzz {

std::vector<SeedCase> load_fixture_cases(const std::filesystem::path& dir,
                                         std::vector<std::string>* problems);

}  // namespace ulp::fuzz
