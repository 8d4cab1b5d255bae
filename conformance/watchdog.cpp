#include "conformance/watchdog.hpp"

#include "conformance/interrupt.hpp"

namespace ulp::conformance {

namespace {
std::string seconds_text(double s) {
  std::string t = std::to_string(s);
  t.erase(t.find_last_not_of('0') + 1);
  if (t.back() == '.') t.pop_back();
  return t;
}
}  // namespace

Watchdog::Watchdog(Endpoint& endpoint, double request_timeout_seconds, double budget_seconds)
    : endpoint_(endpoint), request_timeout_(request_timeout_seconds), budget_(budget_seconds) {
  thread_ = std::thread([this] { watch(); });
}

Watchdog::~Watchdog() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

std::uint64_t Watchdog::begin_request() {
  std::lock_guard lock(mutex_);
  std::uint64_t id = next_id_++;
  in_flight_[id] = Clock::now();
  return id;
}

std::string Watchdog::end_request(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  in_flight_.erase(id);
  auto it = aborted_.find(id);
  if (it == aborted_.end()) return "";
  std::string why = it->second;
  aborted_.erase(it);
  return why;
}

bool Watchdog::budget_exhausted() const {
  return budget_ > 0 && elapsed_seconds() >= budget_;
}

double Watchdog::elapsed_seconds() const {
  return std::chrono::duration<double>(Clock::now() - start_).count();
}

void Watchdog::watch() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::milliseconds(50));
    if (in_flight_.empty()) continue;
    std::string why;
    if (interrupted()) {
      why = "interrupted (Ctrl-C)";
    } else if (budget_exhausted()) {
      why = "the run's budget of " + seconds_text(budget_) + " s (--budget) ran out";
    } else if (request_timeout_ > 0) {
      for (const auto& [id, since] : in_flight_)
        if (std::chrono::duration<double>(Clock::now() - since).count() > request_timeout_)
          why = "no answer within " + seconds_text(request_timeout_) + " s (--request-timeout)";
    }
    // An abort can miss a request that is still connecting, so it is repeated on every tick
    // until the request ends.
    for (const auto& [id, since] : in_flight_)
      if (!why.empty()) aborted_.emplace(id, why);
    bool abort = false;
    for (const auto& [id, since] : in_flight_) abort = abort || aborted_.count(id);
    if (!abort) continue;
    lock.unlock();
    endpoint_.cancel_all();
    lock.lock();
  }
}

}  // namespace ulp::conformance
