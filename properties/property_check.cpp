#include "properties/property_check.hpp"

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <chrono>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
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
  std::optional<StepLog> last_failure;  // RapidCheck runs the shrunk case last
  std::map<std::string, long> answers;  // requirement ID -> answers it fixed
};
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
  for (const auto& r : Spec::get().requirements)
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

void record_sequence(const StepLog& log, bool failed) {
  Tally& t = tally();
  ++t.sequences;
  t.steps += static_cast<long>(log.size());
  if (failed) t.last_failure = log;
  for (const auto& step : log.steps()) {
    std::stringstream ids(step.requirement);
    for (std::string id; std::getline(ids >> std::ws, id, ',');) ++t.answers[id];
  }
  if (property_run().show_sequences) {
    std::cout << "sequence " << t.sequences << (failed ? " (failed)" : "") << ":\n";
    log.print_brief(std::cout);
  }
}

void check_property(const std::string& name, const std::function<void()>& property) {
  const PropertyRun& run = property_run();
  tally() = {};
  std::cout << name << ": seed " << run.seed << ", " << run.sequences << " sequences of up to "
            << run.max_steps << " steps" << std::endl;

  rc::detail::TestParams params;
  params.seed = run.seed;
  params.maxSuccess = run.sequences;
  // RapidCheck makes a sequence of at most size + 1 commands.
  params.maxSize = std::max(run.max_steps - 1, 0);
  rc::detail::TestMetadata metadata{name, name};
  QuietListener listener;
  const auto start = std::chrono::steady_clock::now();
  const auto result =
      rc::detail::checkProperty(rc::detail::toProperty(property), metadata, params, listener);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  PropertyOutcome outcome{
      name, PropertyOutcome::Result::passed, tally().sequences, tally().steps, seconds, 0};
  std::ostringstream figures;
  if (outcome.sequences > 0) {
    figures << outcome.sequences << " sequences (" << outcome.steps << " steps) in " << std::fixed
            << std::setprecision(2) << seconds << " s: " << std::setprecision(0)
            << (seconds > 0 ? outcome.sequences / seconds : 0) << " sequences/s";
  } else {
    figures << "in " << std::fixed << std::setprecision(2) << seconds << " s";
  }
  const std::string replay = "replay: " + run.replay + " --gtest_filter=" + name;

  using Result = PropertyOutcome::Result;
  // A property of sequences (one that records them) fails when its last, shrunk sequence ends
  // in a response the model does not allow; any other failure there is an error of the run.
  const bool of_sequences = tally().sequences > 0;
  const bool model_failed = tally().last_failure && tally().last_failure->failed();
  // A run in which no part was accepted (an endpoint that opens no upload) tested nothing of
  // the byte ranges: it passes nothing.
  const bool vacuous = of_sequences && tally().answers.count("ULP-RANGE-CONSECUTIVE") == 0;
  if (result.template is<rc::detail::SuccessResult>() && vacuous) {
    outcome.result = Result::error;
    std::cout << name << ": ERROR: no part was accepted in " << figures.str()
              << ", so nothing was tested; see the coverage below\n";
    print_coverage(name, tally().answers);
    ADD_FAILURE() << name << " tested nothing";
  } else if (result.template is<rc::detail::SuccessResult>()) {
    std::cout << name << ": passed " << result.template get<rc::detail::SuccessResult>().numSuccess
              << " cases, " << figures.str() << std::endl;
    if (!tally().answers.empty()) print_coverage(name, tally().answers);
  } else if (result.template is<rc::detail::FailureResult>() && (!of_sequences || model_failed)) {
    const auto& failure = result.template get<rc::detail::FailureResult>();
    outcome.result = Result::failed;
    std::cout << name << ": FAILED after " << failure.numSuccess << " passing cases, shrunk ("
              << listener.shrinks << " shrinks)";
    if (of_sequences) {
      const StepLog& log = *tally().last_failure;
      outcome.shrunk_steps = log.size();
      std::cout << " to " << log.size() << " steps:\n";
      log.print(std::cout, run.reproduction);
    } else {
      std::cout << ":\n";
      rc::detail::printResultMessage(result, std::cout);
      std::cout << "\n";
    }
    std::cout << name << ": " << replay << "\n" << name << ": " << figures.str() << std::endl;
    ADD_FAILURE() << name << " failed: " << failure.description;
  } else {
    // Not the model's failure: an exception, a generator that gave up, RapidCheck's error.
    outcome.result = Result::error;
    std::ostringstream message;
    rc::detail::printResultMessage(result, message);
    std::cout << name << ": ERROR (not a property failure): " << message.str() << "\n"
              << name << ": " << replay << std::endl;
    ADD_FAILURE() << name << " could not run: " << message.str();
  }
  outcomes().push_back(outcome);
}

}  // namespace ulp::properties
