// The steps of one sequence as they went: what was sent, what the model predicted, what came
// back. A failing sequence is printed from it as numbered steps, each with the reproduction
// line the conformance runner prints (core/reproduction.hpp).
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "core/grading.hpp"
#include "core/reproduction.hpp"
#include "core/target.hpp"

namespace ulp::properties {

// A difference from the prediction, graded at the level of the one requirement it breaks.
struct GradedMismatch {
  std::string requirement;
  std::string level;  // "MUST", "SHOULD", "PROBE"
  ulp::Verdict verdict = ulp::Verdict::fail;
  std::string message;
};

struct StepRecord {
  std::string what;                        // the command, as RapidCheck shows it
  std::shared_ptr<const Request> request;  // null: not sent
  std::string expected;                    // the prediction
  Response response;
  std::string matched;                     // the answer it is, when it is one
  std::string requirement;                 // ... and the requirements that fix that answer
  std::vector<GradedMismatch> mismatches;  // how it differs from the prediction
  bool fails = false;                      // a mismatch fails the run under the policy
  std::string note;                        // "this is upload 2", or why it was not sent
};

class StepLog {
 public:
  void add(StepRecord step) { steps_.push_back(std::move(step)); }
  const std::vector<StepRecord>& steps() const { return steps_; }
  std::size_t size() const { return steps_.size(); }
  // The last step broke the model's prediction in a way that fails the run.
  bool failed() const { return !steps_.empty() && steps_.back().fails; }

  // How to bring up a target that the reproduction lines work against, when there is one to
  // bring up (in process: a reference server in the same state).
  std::string preamble;

  void print(std::ostream& os, const ReproductionOptions& how) const;
  // One line a step: what was sent, and the answer it got.
  void print_brief(std::ostream& os) const;

 private:
  std::vector<StepRecord> steps_;
};

}  // namespace ulp::properties
