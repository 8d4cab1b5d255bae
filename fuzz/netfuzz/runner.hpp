// One run: a fresh repository (and sometimes a second) on the endpoint, named uniquely for
// this session, and the same on a fresh in-process reference (its own Engine, layer bytes in
// memory); then calls, each sent to both, its expectation derived, the answers judged; the
// run ends at its first divergence, or when the answers make the two sessions differ; then
// the endpoint's repositories are deleted.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/sigv4.hpp"
#include "core/target.hpp"
#include "fuzz/netfuzz/call.hpp"
#include "fuzz/netfuzz/expectation.hpp"
#include "fuzz/netfuzz/generator.hpp"
#include "fuzz/netfuzz/judgement.hpp"
#include "fuzz/netfuzz/pacing.hpp"

namespace ulp::netfuzz {

struct Step {
  Call call;
  Request to_endpoint, to_reference;
  Response endpoint, reference;
  Expectation expectation;
  Judgement judgement;
};

struct RunRecord {
  int index = 0;
  std::uint64_t seed = 0;
  bool other_repository = false;
  std::vector<Request> setup;  // what was sent to the endpoint to make the repositories
  std::vector<Step> steps;
  std::string setup_error;    // the endpoint could not make a repository
  std::string cleanup_error;  // or delete one
  std::size_t endpoint_requests = 0;

  const Step* divergent_step() const;  // the step with findings: the last one, if any
};

struct RunOptions {
  Profile profile;  // the endpoint's limits (--profile)
  GeneratorOptions generator;
  int mutation_percent = 25;      // calls that get a structural mutation
  std::string repository_prefix;  // "ulp-netfuzz-<token>": unique per session
  GradingPolicy policy;           // --strict, --match-reference-probes
  // What the endpoint is signed for, in `region` (none: unsigned, and no signature is
  // spoiled). The reference verifies the spoiled calls with the same key.
  std::optional<sigv4::Credentials> credentials;
  std::string region;
};

class Runner {
 public:
  Runner(Target& endpoint, RunOptions options, Pacing& pacing)
      : endpoint_(endpoint), options_(std::move(options)), pacing_(pacing) {}

  RunRecord generated(int index, std::uint64_t seed);
  RunRecord replayed(int index, bool other_repository, const std::vector<Call>& calls);

 private:
  using NextCall = std::function<std::optional<Call>(const SessionModel&)>;
  RunRecord execute(RunRecord record, const NextCall& next);
  Response send_to_endpoint(const Request& request, RunRecord& record);

  Target& endpoint_;
  RunOptions options_;
  Pacing& pacing_;
};

}  // namespace ulp::netfuzz
