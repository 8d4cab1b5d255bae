// The reference every in-process fuzz target runs against, set up the same way by the corpus
// generator so that seeds name uploads that exist: the small profile (every limit is reached
// in a few bytes), layer bytes in memory, a fixed seed (upload IDs are the same on every run)
// and a clock that moves only when told. Made afresh, or reset(), for every input: nothing
// carries over from one input to the next.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "reference/engine.hpp"
#include "reference/handler.hpp"

namespace ulp::fuzz {

// The fixtures' context names, as the fuzz reference binds them.
struct FuzzContext {
  static constexpr const char* repository_name = "layer-test";
  static constexpr const char* other_repository_name = "layer-test-other";
  static constexpr const char* unknown_repository_name = "no-such-repository";
};

// Repositories by index, for inputs that pick one: the first two exist from the start.
const std::vector<std::string>& fuzz_repositories();

const Profile& fuzz_profile();  // spec/profiles/small.json

class FuzzReference {
 public:
  explicit FuzzReference(reference::Mutant mutant = reference::Mutant::none);
  FuzzReference(const FuzzReference&) = delete;
  FuzzReference& operator=(const FuzzReference&) = delete;

  // Back to the state it was made in: a new engine and handler, in the same places. What
  // holds on to the handler (a Server's routes, built once per process) stays valid, and
  // nothing of one input carries over to the next.
  void reset();

  reference::Engine& engine() { return *engine_; }
  reference::Handler& handler() { return *handler_; }

  std::int64_t now = 0;  // seconds: the engine's clock

 private:
  reference::Mutant mutant_;
  std::optional<reference::Engine> engine_;
  std::optional<reference::Handler> handler_;
};

// The mutant named by ULP_FUZZ_MUTANT (none when unset): a planted bug, to show that a target
// finds it. Exits with a list of the names when the variable names no mutant.
reference::Mutant mutant_from_environment(const char* program);

}  // namespace ulp::fuzz
