// Runs a property as RapidCheck does, with the process's seed and sizes (property_run.hpp),
// inside a GoogleTest test. It prints the seed first; on failure the case RapidCheck shrank
// to, as numbered steps with reproduction lines, and the command that replays it; and it
// records the outcome, which decides the exit status (main.cpp).
//
//   TEST(UploadSessions, FollowTheModel) {
//     check_property("UploadSessions.FollowTheModel", [] { ... rc::state::check(...); });
//   }
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "conformance/case_result.hpp"
#include "properties/step_log.hpp"

namespace ulp::properties {

struct PropertyOutcome {
  enum class Result { passed, failed, error };
  std::string name;
  Result result = Result::passed;
  int sequences = 0;  // run, shrinking included
  long steps = 0;     // sent, shrinking included
  double seconds = 0;
  std::size_t shrunk_steps = 0;  // failed: the length of the shrunk sequence
};

const std::vector<PropertyOutcome>& property_outcomes();

// Each property checked, as a case of the results model all drivers share: its checks are
// the requirements its answers rested on (once each) and every mismatch, graded.
const std::vector<conformance::CaseResult>& property_cases();

void check_property(const std::string& name, const std::function<void()>& property);

// Called by a property at the end of each sequence, with its log; `failed` when it ends in
// a mismatch or an exception.
void record_sequence(const StepLog& log, bool failed);

}  // namespace ulp::properties
