// One run of ulp-conformance from start to end: load and select the cases, reach the target,
// run each case (the GoogleTest front end calls run() once per test), then print the counts,
// write the reports and give the exit code: 0 nothing failed at the chosen strictness,
// 1 something did, 2 a usage error or a target that cannot be reached, 130 Ctrl-C.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "conformance/case_pool.hpp"
#include "conformance/case_result.hpp"
#include "conformance/case_runner.hpp"
#include "conformance/console.hpp"
#include "conformance/cost.hpp"
#include "conformance/endpoint.hpp"
#include "conformance/fixture.hpp"
#include "conformance/options.hpp"
#include "conformance/selection.hpp"
#include "conformance/watchdog.hpp"
#include "reference/embedded_server.hpp"

namespace ulp::conformance {

class Suite {
 public:
  explicit Suite(Options options);
  ~Suite();

  // Loads and selects the cases. An exit code when the run ends here (--list,
  // --traceability, --all-mutants, a bad fixture or option).
  std::optional<int> prepare();
  // Reaches the target; an exit code (2) when it cannot be reached at all.
  std::optional<int> connect();

  const std::vector<const Case*>& selected() const { return selected_; }
  const CaseResult& run(const Case& c);  // runs one case and prints its line
  const GradingPolicy& grading() const { return settings_.grading; }
  int finish();

 private:
  std::optional<int> preflight();
  CaseResult run_one(const Case& c);

  Options options_;
  Profile limits_;
  Fixtures fixtures_;
  std::vector<const Case*> selected_;
  ExpectedFailures expected_;
  RunSettings settings_;
  std::string target_description_, started_at_;
  std::string pacing_;
  std::map<std::string, double> rates_;      // requests per second the run keeps to
  Cost cost_;                                // what the selection sends
  std::map<const Case*, Cost> case_costs_;   // each case's, worked out once
  std::set<const Case*> past_max_requests_;  // SKIP: they would go past --max-requests
  std::string cost_line() const;
  std::string fixtures_dir_;  // where the cases came from (the first directory)  // "no request
                              // rate limits", "at most UploadLayerPart 500/s, ..."
  std::unique_ptr<reference::EmbeddedServer> reference_;
  std::unique_ptr<Endpoint> endpoint_;
  std::unique_ptr<Watchdog> watchdog_;
  std::unique_ptr<Reproducer> reproducer_;
  std::unique_ptr<CaseRunner> runner_;
  std::unique_ptr<Console> console_;
  std::unique_ptr<CasePool> pool_;               // with --jobs above 1
  std::map<const Case*, std::size_t> position_;  // in selected_
  std::vector<CaseResult> results_;
};

}  // namespace ulp::conformance
