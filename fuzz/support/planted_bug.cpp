#include "fuzz/support/planted_bug.hpp"

#include <cstdlib>
#include <cstring>
#include <iostream>

namespace ulp::fuzz {

bool planted_bug_active(const char* program, const PlantedBug& bug) {
  const char* name = std::getenv("ULP_FUZZ_MUTANT");
  if (!name || !*name) return false;
  if (std::strcmp(name, bug.name) != 0) {
    std::cerr << program << ": ULP_FUZZ_MUTANT=" << name << " names no planted bug of this target;"
              << " it has one:\n  " << bug.name << "\t" << bug.what << "\n";
    std::exit(2);
  }
  std::cerr << program << ": MUTANT " << bug.name << " is active (a planted bug: " << bug.what
            << ")\n";
  return true;
}

}  // namespace ulp::fuzz
