// A Target that paces each operation under its rate and sends a request again, the same
// bytes, when the answer is throttling or a transient fault: the rules of spec/protocol.json
// ("retry"), botocore's standard mode. A 500 is an answer, never retried; so is an error the
// caller expects (Request::graded_errors). Response::attempts says how many sends it took.
//
//   auto limiter = std::make_shared<ulp::RateLimiter>(profile.requests_per_second);
//   ulp::RetryingTarget target(std::move(http_target), limiter, ulp::RetrySettings{});
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>

#include "core/rate_limiter.hpp"
#include "core/target.hpp"

namespace ulp {

struct RetrySettings {
  int max_attempts = 0;                         // 0: the spec's (3)
  double max_backoff_seconds = -1;              // < 0: the spec's (20)
  std::uint64_t seed = std::random_device{}();  // of the jitter
  // How to wait; empty: sleep. Tests count the waits instead.
  std::function<void(double seconds)> wait;
};

// Why the answer is worth sending the request again ("ThrottlingException", "HTTP 503",
// "connection reset before any answer"); nullopt when it is an answer to keep.
std::optional<std::string> retry_reason(const Response& response);
// Whether that answer says the request was throttled (as opposed to a transient fault).
bool throttled(const Response& response);

class RetryingTarget : public Target {
 public:
  RetryingTarget(std::unique_ptr<Target> inner, std::shared_ptr<RateLimiter> limiter,
                 RetrySettings settings = {});

  Response send(const Request& request) override;
  std::string describe() const override { return inner_->describe(); }
  std::string host_header() const override { return inner_->host_header(); }

 private:
  double backoff(int retry);  // seconds before the retry-th retry (1-based), with jitter

  std::unique_ptr<Target> inner_;
  std::shared_ptr<RateLimiter> limiter_;
  int max_attempts_;
  double max_backoff_;
  std::function<void(double)> wait_;
  std::mutex rng_mutex_;
  std::mt19937_64 rng_;
};

}  // namespace ulp
