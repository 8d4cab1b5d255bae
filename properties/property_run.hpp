// How this process runs its properties: seed, number and length of sequences, limits,
// against what, and how to print a failure so that it can be replayed. Set once by main()
// from the command line (options.hpp), read by every property.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/grading.hpp"
#include "core/reproduction.hpp"
#include "core/sigv4.hpp"
#include "core/target.hpp"
#include "properties/limits.hpp"
#include "reference/mutant.hpp"

namespace ulp::properties {

struct PropertyRun {
  std::uint64_t seed = 0;
  int sequences = 0;  // successful sequences before a property passes
  int max_steps = 0;  // the longest sequence
  Limits limits;
  bool exact = true;            // PROBE answers compared too (see Settings::exact)
  bool show_sequences = false;  // print every sequence as it ran
  GradingPolicy policy;         // which mismatches fail a sequence

  // In process: a fresh reference engine per sequence, with two repositories of generated
  // names, and the mutant if any. Otherwise the endpoint, shared by every sequence, and two
  // repositories: those named on the command line, or two created for each sequence (and
  // deleted after it, unless kept), as ulp-conformance does for each case.
  bool in_process = true;
  reference::Mutant mutant = reference::Mutant::none;
  std::shared_ptr<Target> endpoint;
  std::optional<std::array<std::string, 2>> repositories;
  bool keep_repositories = false;
  std::string run_id;       // in the names of the repositories the run creates
  std::string registry_id;  // empty: the profile's in process; learned from an endpoint
  // What requests are signed with, in `region`: in process, made up, and the reference
  // verifies them (ulp-reference-server --auth); else the AWS chain's (none: unsigned).
  std::optional<sigv4::Credentials> credentials;
  std::string region;

  ReproductionOptions reproduction;
  std::string reference_server;  // the reference server's program, for in-process preambles
  std::string replay;            // the command line that runs the same properties again
};

PropertyRun& property_run();

// The engine seed of in-process sequences: a reference server started with --seed this and
// the same repositories hands out the same upload IDs in the same order.
constexpr std::uint64_t kReferenceSeed = 1;

}  // namespace ulp::properties
