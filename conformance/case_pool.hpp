// Runs cases ahead of the one being reported, on several threads (--jobs), and hands their
// results back in fixture order, so that the console and the reports read as a sequential run's.
// A case that waits on purpose (a step with waitSeconds, which measures idling) runs alone.
//
//   CasePool pool(cases, jobs, [&](const Case& c) { return runner.run(c); });
//   for (std::size_t i = 0; i < cases.size(); ++i) print(pool.take(i));
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <thread>
#include <vector>

#include "conformance/case_result.hpp"
#include "conformance/fixture.hpp"

namespace ulp::conformance {

class CasePool {
 public:
  using RunOne = std::function<CaseResult(const Case&)>;

  CasePool(std::vector<const Case*> cases, int jobs, RunOne run_one);
  ~CasePool();  // waits for the cases under way; those not started are not run
  CasePool(const CasePool&) = delete;
  CasePool& operator=(const CasePool&) = delete;

  // The result of cases[index], once it is there; each index is taken once.
  CaseResult take(std::size_t index);

  static bool runs_alone(const Case& c);

 private:
  void work();

  std::vector<const Case*> cases_;
  RunOne run_one_;
  std::mutex mutex_;
  std::condition_variable done_;
  std::vector<std::optional<CaseResult>> results_;
  std::size_t next_ = 0;
  bool stopping_ = false;
  std::shared_mutex alone_;  // shared by cases that may run together, exclusive for the others
  std::vector<std::thread> workers_;
};

}  // namespace ulp::conformance
