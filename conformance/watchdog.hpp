// Bounds a run in time whatever the target does: each request gets --request-timeout seconds
// from start to end (a trickling answer cannot stretch it), the run gets --budget seconds, and
// Ctrl-C aborts the request in flight. A thread watches and aborts through the Endpoint.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "conformance/endpoint.hpp"

namespace ulp::conformance {

class Watchdog {
 public:
  // 0: no limit.
  Watchdog(Endpoint& endpoint, double request_timeout_seconds, double budget_seconds);
  ~Watchdog();

  std::uint64_t begin_request();
  // Why the request was aborted ("" when it was not): the reason to show for its transport error.
  std::string end_request(std::uint64_t id);

  bool budget_exhausted() const;
  double elapsed_seconds() const;
  double budget_seconds() const { return budget_; }

 private:
  void watch();

  using Clock = std::chrono::steady_clock;
  Endpoint& endpoint_;
  const double request_timeout_, budget_;
  const Clock::time_point start_ = Clock::now();
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::uint64_t next_id_ = 1;
  std::map<std::uint64_t, Clock::time_point> in_flight_;
  std::map<std::uint64_t, std::string> aborted_;
  std::thread thread_;
};

}  // namespace ulp::conformance
