#include "conformance/case_pool.hpp"

#include <algorithm>

namespace ulp::conformance {

CasePool::CasePool(std::vector<const Case*> cases, int jobs, RunOne run_one)
    : cases_(std::move(cases)), run_one_(std::move(run_one)), results_(cases_.size()) {
  for (int i = 0; i < std::max(jobs, 1); ++i) workers_.emplace_back([this] { work(); });
}

CasePool::~CasePool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  for (auto& w : workers_) w.join();
}

bool CasePool::runs_alone(const Case& c) {
  return std::any_of(c.steps.begin(), c.steps.end(),
                     [](const Step& s) { return s.wait_seconds > 0; });
}

void CasePool::work() {
  for (;;) {
    std::size_t index;
    {
      std::lock_guard lock(mutex_);
      if (stopping_ || next_ >= cases_.size()) return;
      index = next_++;
    }
    const Case& c = *cases_[index];
    std::optional<CaseResult> r;
    if (runs_alone(c)) {
      std::unique_lock alone(alone_);
      r = run_one_(c);
    } else {
      std::shared_lock together(alone_);
      r = run_one_(c);
    }
    {
      std::lock_guard lock(mutex_);
      results_[index] = std::move(r);
    }
    done_.notify_all();
  }
}

CaseResult CasePool::take(std::size_t index) {
  std::unique_lock lock(mutex_);
  done_.wait(lock, [&] { return results_[index].has_value(); });
  CaseResult r = std::move(*results_[index]);
  results_[index].reset();
  return r;
}

}  // namespace ulp::conformance
