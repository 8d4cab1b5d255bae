#include "properties/follow_the_model.hpp"

#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include <random>

#include "properties/commands.hpp"
#include "properties/property_check.hpp"
#include "properties/property_run.hpp"
#include "properties/sequence_target.hpp"

namespace ulp::properties {

namespace {

// Against a shared endpoint each sequence makes its own bytes (content.hpp).
std::uint64_t fresh_nonce() {
  static std::mt19937_64 random{std::random_device{}()};
  std::uint64_t n = 0;
  while (n == 0) n = random();
  return n;
}

}  // namespace

void follow_the_model() {
  PropertyRun& run = property_run();
  auto settings = std::make_shared<Settings>();
  settings->limits = run.limits;
  settings->exact = run.exact;
  settings->policy = run.policy;
  SequenceTarget target(run, run.in_process ? *repository_pair() : std::array<std::string, 2>{});
  settings->repositories = target.repositories();
  settings->registry_id =
      run.in_process && run.registry_id.empty() ? run.limits.profile.registry_id : run.registry_id;
  settings->nonce = run.in_process ? 0 : fresh_nonce();
  settings->credentials = run.credentials;
  settings->region = run.region;
  const Model initial(settings);
  Session session(target.target(), initial);
  session.log().preamble = target.preamble();
  try {
    rc::state::check(initial, session, next_command);
  } catch (...) {
    record_sequence(session.log(), true);
    throw;
  }
  record_sequence(session.log(), false);
  // An endpoint's registry ID, once learned, is expected from then on.
  if (!run.in_process && run.registry_id.empty()) run.registry_id = session.model().registry_id;
}

}  // namespace ulp::properties
