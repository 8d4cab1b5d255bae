// What every case of a run shares: the limits sizes resolve against, the seed blobs come from,
// how repositories are named or which ones the user gave.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/grading.hpp"
#include "core/sigv4.hpp"
#include "core/spec.hpp"

namespace ulp::conformance {

struct RunSettings {
  Profile limits = Profile::load("ecr");
  std::uint64_t seed = 1;
  std::string run_id = "0";  // in the names of the repositories the run creates
  std::string region = "us-east-1";
  std::optional<std::string> repository_name;        // --repository-name: use, never create
  std::optional<std::string> other_repository_name;  // --other-repository-name
  std::optional<std::string> registry_id;            // --registry-id
  bool keep_repositories = false;
  GradingPolicy grading;                // --strict, --match-reference-probes
  std::size_t max_exchanges_kept = 40;  // per case: the first and last halves
  // What the steps with a signing mode sign with (none: --no-sign-request).
  std::optional<sigv4::Credentials> credentials;
};

}  // namespace ulp::conformance
