#include "fuzz/support/fuzz_reference.hpp"

#include <cstdlib>
#include <iostream>

namespace ulp::fuzz {

const std::vector<std::string>& fuzz_repositories() {
  static const std::vector<std::string> names = {FuzzContext::repository_name,
                                                 FuzzContext::other_repository_name,
                                                 FuzzContext::unknown_repository_name};
  return names;
}

const Profile& fuzz_profile() {
  static const Profile profile = Profile::load("small");
  return profile;
}

namespace {
reference::EngineOptions fuzz_engine_options(reference::Mutant mutant, const std::int64_t* now) {
  // Every member named: the defaults would parse a profile and read /dev/urandom per input.
  return reference::EngineOptions{
      .profile = fuzz_profile(),
      .data_dir = {},
      .fsync = reference::FsyncPolicy::never,  // no data directory: nothing to sync
      .faults = {},
      .mutant = mutant,
      .seed = 1,
      .now_seconds = [now] { return *now; },
      .in_memory = true,
  };
}
}  // namespace

FuzzReference::FuzzReference(reference::Mutant mutant) : mutant_(mutant) {
  reset();
}

void FuzzReference::reset() {
  now = 0;
  // The handler goes before the engine it refers to; both come back at the same addresses.
  handler_.reset();
  engine_.reset();
  engine_.emplace(fuzz_engine_options(mutant_, &now));
  handler_.emplace(*engine_);
  for (std::size_t i = 0; i < 2; ++i) engine_->create_repository({"", fuzz_repositories()[i]});
}

reference::Mutant mutant_from_environment(const char* program) {
  const char* name = std::getenv("ULP_FUZZ_MUTANT");
  if (!name || !*name) return reference::Mutant::none;
  auto mutant = reference::mutant_named(name);
  if (!mutant) {
    std::cerr << program << ": ULP_FUZZ_MUTANT=" << name << " names no mutant; one of:\n";
    for (const auto& m : reference::mutants())
      std::cerr << "  " << m.name << "\t" << m.what << "\n";
    std::exit(2);
  }
  std::cerr << program << ": MUTANT " << name << " is active (a planted bug)\n";
  return *mutant;
}

}  // namespace ulp::fuzz
