// The bounds of a fuzzing session: a request rate (--rate) and a deadline (--max-time).
#pragma once

#include <chrono>
#include <thread>

namespace ulp::netfuzz {

class Pacing {
 public:
  using Clock = std::chrono::steady_clock;

  Pacing(double requests_per_second, double max_seconds)
      : interval_(requests_per_second > 0 ? std::chrono::duration<double>(1 / requests_per_second)
                                          : std::chrono::duration<double>(0)),
        deadline_(max_seconds > 0 ? Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                       std::chrono::duration<double>(max_seconds))
                                  : Clock::time_point::max()),
        next_(Clock::now()) {}

  // Before each request to the endpoint: waits for its slot.
  void wait_turn() {
    if (interval_.count() <= 0) return;
    auto now = Clock::now();
    if (next_ > now) std::this_thread::sleep_until(next_);
    next_ = std::max(next_, now) + std::chrono::duration_cast<Clock::duration>(interval_);
  }
  bool expired() const { return Clock::now() >= deadline_; }

 private:
  std::chrono::duration<double> interval_;
  Clock::time_point deadline_, next_;
};

}  // namespace ulp::netfuzz
