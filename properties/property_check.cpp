#include "properties/property_check.hpp"

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <chrono>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "core/spec.hpp"
#include "properties/property_run.hpp"

namespace ulp::properties {

namespace {

std::vector<PropertyOutcome>& outcomes() {
  static std::vector<PropertyOutcome> all;
  return all;
}

// What the sequences of the property being checked did.
struct Tally {
  int sequences = 0;
  long steps = 0;
  std::optional<StepLog> last_failure;     // RapidCheck runs the shrunk case last
  std::map<std::string, long> answers;     // requirement ID -> answers it fixed
  std::vector<conformance::Check> checks;  // each mismatch; each requirement held, once
  // The mismatches of the last failed sequence. Only that one, the shrunk counterexample, is
  // reported: the failures RapidCheck met on the way there are not what the run found.
  std::vector<conformance::Check> failure;
  std::set<std::string> held;
};

std::vector<conformance::CaseResult>& cases() {
  static std::vector<conformance::CaseResult> all;
  return all;
}
Tally& tally() {
  static Tally t;
  return t;
}

// RapidCheck's listener, silent: this driver prints for itself.
class QuietListener : public rc::detail::TestListener {
 public:
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool accepted) override {
    shrinks += accepted;
  }
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
  int shrinks = 0;
};

// Which requirements the answers of the run rested on, and which of the spec's MUST and
// SHOULD requirements none did: what the run checked, and what it did not.
void print_coverage(const std::string& name, const std::map<std::string, long>& answers) {
  std::cout << name << ": answers checked, by the requirement that fixes them:";
  int column = 0;
  for (const auto& [id, count] : answers)
    std::cout << (column++ % 4 == 0 ? "\n    " : "  ") << id << " " << count;
  std::vector<std::string> unchecked;
  for (const auto& r : Spec::get().requirements())
    if (r.level != "PROBE" && !answers.count(r.id)) unchecked.push_back(r.id);
  if (!unchecked.empty()) {
    std::cout << "\n  MUST and SHOULD requirements no answer rested on:";
    column = 0;
    for (const auto& id : unchecked) std::cout << (column++ % 4 == 0 ? "\n    " : "  ") << id;
  }
  std::cout << std::endl;
}

}  // namespace

const std::vector<PropertyOutcome>& property_outcomes() {
  return outcomes();
}

const std::vector<conformance::CaseResult>& property_cases() {
  return cases();
}

void record_sequence(const StepLog& log, bool failed) {
  Tally& t = tally();
  ++t.sequences;
  t.steps += static_cast<long>(log.size());
  if (failed) t.last_failure = log;
  std::vector<conformance::Check> mismatches;
  for (const auto& step : log.steps()) {
    std::set<std::string> ids;  // a requirement counts once a step
    std::stringstream list(step.requirement);
    for (std::string id; std::getline(list >> std::ws, id, ',');) ids.insert(id);
    for (const auto& id : ids) ++t.answers[id];
    const std::string operation = step.request ? step.request->operation : "";
    const int number = static_cast<int>(&step - log.steps().data()) + 1;
    for (const auto& m : step.mismatches)
      (failed ? mismatches : t.checks)
          .push_back({number, operation, m.requirement, m.level, m.verdict, m.message});
    for (const auto& id : ids)
      if (t.held.insert(id).second) {
        const Requirement* r = Spec::get().requirement(id);
        const std::string level = r ? r->level : "MUST";
        t.checks.push_back(
            {number, operation, id, level, grade(level, true, property_run().policy), ""});
      }
  }
  if (failed) t.failure = std::move(mismatches);
  if (property_run().show_sequences) {
    std::cout << "sequence " << t.sequences << (failed ? " (failed)" : "") << ":\n";
    log.print_brief(std::cout);
  }
}

namespace {

std::string figures(const PropertyOutcome& o) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(2);
  if (o.sequences == 0) {
    out << "in " << o.seconds << " s";
    return out.str();
  }
  out << o.sequences << " sequences (" << o.steps << " steps) in " << o.seconds
      << " s: " << std::setprecision(0) << (o.seconds > 0 ? o.sequences / o.seconds : 0)
      << " sequences/s";
  return out.str();
}

// Which way the run went. A property of sequences (one that records them) fails when its
// last, shrunk sequence ends in a response the model does not allow; any other failure there
// is an error of the run, and so is a pass in which no part was ever accepted (an endpoint
// that opens no upload): it tested nothing of the byte ranges.
PropertyOutcome::Result classify(const rc::detail::TestResult& result) {
  using Result = PropertyOutcome::Result;
  const bool of_sequences = tally().sequences > 0;
  if (result.template is<rc::detail::SuccessResult>())
    return of_sequences && !tally().answers.count("ULP-RANGE-CONSECUTIVE") ? Result::error
                                                                           : Result::passed;
  const bool model_failed = tally().last_failure && tally().last_failure->failed();
  if (result.template is<rc::detail::FailureResult>() && (!of_sequences || model_failed))
    return Result::failed;
  return Result::error;
}

}  // namespace

void check_property(const std::string& name, const std::function<void()>& property) {
  const PropertyRun& run = property_run();
  tally() = {};
  std::cout << name << ": seed " << run.seed << ", " << run.sequences
            << " passing cases wanted (sequences of up to " << run.max_steps << " steps)"
            << std::endl;

  rc::detail::TestParams params;
  params.seed = run.seed;
  params.maxSuccess = run.sequences;
  // RapidCheck makes a sequence of at most size + 1 commands.
  params.maxSize = std::max(run.max_steps - 1, 0);
  QuietListener listener;
  const auto start = std::chrono::steady_clock::now();
  const auto result = rc::detail::checkProperty(
      rc::detail::toProperty(property), rc::detail::TestMetadata{name, name}, params, listener);
  PropertyOutcome outcome{
      name,
      classify(result),
      tally().sequences,
      tally().steps,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
      0};
  const std::string replay = name + ": replay: " + run.replay + " --gtest_filter=" + name;

  switch (outcome.result) {
    case PropertyOutcome::Result::passed:
      std::cout << name << ": passed "
                << result.template get<rc::detail::SuccessResult>().numSuccess << " cases, "
                << figures(outcome) << std::endl;
      if (!tally().answers.empty()) print_coverage(name, tally().answers);
      break;
    case PropertyOutcome::Result::failed: {
      const auto& failure = result.template get<rc::detail::FailureResult>();
      std::cout << name << ": FAILED after " << failure.numSuccess << " passing cases, shrunk ("
                << listener.shrinks << " shrinks)";
      if (tally().last_failure) {
        outcome.shrunk_steps = tally().last_failure->size();
        std::cout << " to " << outcome.shrunk_steps << " steps:\n";
        tally().last_failure->print(std::cout, run.reproduction);
      } else {
        std::cout << ":\n";
        rc::detail::printResultMessage(result, std::cout);
        std::cout << "\n";
      }
      std::cout << replay << "\n" << name << ": " << figures(outcome) << std::endl;
      ADD_FAILURE() << name << " failed: " << failure.description;
      break;
    }
    case PropertyOutcome::Result::error: {
      std::ostringstream message;
      if (result.template is<rc::detail::SuccessResult>())
        message << "no part was accepted in " << figures(outcome) << ", so nothing was tested";
      else
        rc::detail::printResultMessage(result, message);
      std::cout << name << ": ERROR (not a property failure): " << message.str() << "\n"
                << replay << std::endl;
      if (!tally().answers.empty()) print_coverage(name, tally().answers);
      ADD_FAILURE() << name << " could not run: " << message.str();
      break;
    }
  }
  outcomes().push_back(outcome);

  conformance::CaseResult c;
  c.test = {name, name, "properties", "ulp-properties", {}, {}};
  c.checks = std::move(tally().checks);
  c.checks.insert(c.checks.end(), tally().failure.begin(), tally().failure.end());
  c.verdict = ulp::Verdict::pass;
  for (const auto& check : c.checks) {
    c.verdict = worse(c.verdict, check.verdict);
    if (!check.passed()) c.details.push_back(check.requirement + ": " + check.message);
  }
  if (outcome.result == PropertyOutcome::Result::failed)
    c.verdict = worse(c.verdict, Verdict::fail);
  if (outcome.result == PropertyOutcome::Result::error)
    c.verdict = worse(c.verdict, Verdict::error);
  c.reason = figures(outcome);
  c.seconds = outcome.seconds;
  c.requests = static_cast<int>(outcome.steps);
  conformance::attribute(c);
  cases().push_back(std::move(c));
}

}  // namespace ulp::properties
