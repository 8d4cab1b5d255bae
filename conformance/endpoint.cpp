#include "conformance/endpoint.hpp"

#include "reference/in_process_target.hpp"

namespace ulp::conformance {

class HttpEndpoint::Connection : public Target {
 public:
  Connection(HttpEndpoint& owner, const HttpTargetOptions& options)
      : owner_(owner), target_(options) {
    std::lock_guard lock(owner_.mutex_);
    owner_.live_.insert(&target_);
  }
  ~Connection() override {
    std::lock_guard lock(owner_.mutex_);
    owner_.live_.erase(&target_);
  }
  Response send(const Request& request) override { return target_.send(request); }
  std::string describe() const override { return target_.describe(); }
  std::string host_header() const override { return target_.host_header(); }

 private:
  HttpEndpoint& owner_;
  HttpTarget target_;
};

HttpEndpoint::HttpEndpoint(HttpTargetOptions options, std::shared_ptr<RateLimiter> limiter,
                           RetrySettings retry)
    : options_(std::move(options)), limiter_(std::move(limiter)), retry_(std::move(retry)) {
  HttpTarget check(options_);  // a bad URL is refused now, not at the first case
}

std::unique_ptr<Target> HttpEndpoint::connect() {
  RetrySettings retry = retry_;
  retry.seed += ++connections_;  // each its own jitter
  return std::make_unique<RetryingTarget>(std::make_unique<Connection>(*this, options_), limiter_,
                                          std::move(retry));
}

void HttpEndpoint::cancel_all() {
  std::lock_guard lock(mutex_);
  for (HttpTarget* t : live_) t->cancel();
}

std::unique_ptr<Target> InProcessEndpoint::connect() {
  if (credentials_)
    return std::make_unique<reference::InProcessTarget>(handler_, *credentials_, region_);
  return std::make_unique<reference::InProcessTarget>(handler_);
}

}  // namespace ulp::conformance
