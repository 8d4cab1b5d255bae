#include "core/retrying_target.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "core/spec.hpp"
#include "core/transport_errors.hpp"

namespace ulp {

namespace {
const RetryRules& rules() {
  return Spec::get().protocol.retry;
}

// The transport errors that mean the request may not have reached the endpoint at all: the
// connection was refused or reset before an answer began.
bool before_any_answer(const std::string& error) {
  return error == transport_error::kConnection || error == transport_error::kWrite;
}
}  // namespace

bool throttled(const Response& r) {
  return r.status != 0 && (rules().throttling_errors.count(r.error_type) > 0 ||
                           rules().throttling_statuses.count(r.status) > 0);
}

std::optional<std::string> retry_reason(const Response& r) {
  if (r.status == 0)
    return before_any_answer(r.transport_error)
               ? std::optional<std::string>("connection lost before any answer (" +
                                            r.transport_error + ")")
               : std::nullopt;
  if (rules().graded_statuses.count(r.status)) return std::nullopt;  // a 500: an answer
  if (!r.error_type.empty() && (rules().throttling_errors.count(r.error_type) ||
                                rules().transient_errors.count(r.error_type)))
    return r.error_type;
  if (rules().throttling_statuses.count(r.status) || rules().transient_statuses.count(r.status))
    return "HTTP " + std::to_string(r.status);
  return std::nullopt;
}

RetryingTarget::RetryingTarget(std::unique_ptr<Target> inner, std::shared_ptr<RateLimiter> limiter,
                               RetrySettings settings)
    : inner_(std::move(inner)),
      limiter_(std::move(limiter)),
      max_attempts_(settings.max_attempts > 0 ? settings.max_attempts : rules().max_attempts),
      max_backoff_(settings.max_backoff_seconds >= 0 ? settings.max_backoff_seconds
                                                     : rules().max_backoff_seconds),
      wait_(std::move(settings.wait)),
      rng_(settings.seed) {}

double RetryingTarget::backoff(int retry) {
  // Full jitter, as botocore: a uniform draw below base * 2^(retry-1), capped.
  const double ceiling = std::min(max_backoff_, std::ldexp(1.0, std::min(retry - 1, 30)));
  std::lock_guard lock(rng_mutex_);
  return std::uniform_real_distribution<double>(0, ceiling)(rng_);
}

Response RetryingTarget::send(const Request& request) {
  for (int attempt = 1;; ++attempt) {
    if (limiter_) limiter_->acquire(request.operation);
    Response r = inner_->send(request);
    r.attempts = attempt;
    const bool graded = !r.error_type.empty() &&
                        std::find(request.graded_errors.begin(), request.graded_errors.end(),
                                  r.error_type) != request.graded_errors.end();
    if (graded || attempt >= max_attempts_ || !retry_reason(r)) return r;
    const double seconds = backoff(attempt);
    if (wait_)
      wait_(seconds);
    else
      std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  }
}

}  // namespace ulp
