// Where the cases' requests go: an Endpoint makes connections (Targets), one per concurrent
// copy, and can abort every request in flight (a request past its deadline, Ctrl-C).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "core/http_target.hpp"
#include "core/rate_limiter.hpp"
#include "core/retrying_target.hpp"
#include "core/target.hpp"

namespace ulp::reference {
class Handler;
}

namespace ulp::conformance {

class Endpoint {
 public:
  virtual ~Endpoint() = default;
  virtual std::unique_ptr<Target> connect() = 0;
  virtual void cancel_all() {}
  virtual std::string describe() const = 0;
};

// Any endpoint over HTTP(S). Its connections pace each operation under the limiter's rates,
// shared by all of them, and send a request again on throttling (core/retrying_target.hpp).
class HttpEndpoint : public Endpoint {
 public:
  // Throws std::invalid_argument on a bad URL.
  explicit HttpEndpoint(HttpTargetOptions options, std::shared_ptr<RateLimiter> limiter = nullptr,
                        RetrySettings retry = {});
  std::unique_ptr<Target> connect() override;
  void cancel_all() override;
  std::string describe() const override { return options_.endpoint_url; }
  const HttpTargetOptions& options() const { return options_; }

 private:
  class Connection;
  HttpTargetOptions options_;
  std::shared_ptr<RateLimiter> limiter_;
  RetrySettings retry_;
  std::mutex mutex_;
  std::set<HttpTarget*> live_;
  std::atomic<std::uint64_t> connections_{0};
};

// The reference handler, called without a socket (the mutant sweep); with credentials, every
// request is signed as HttpTarget signs it.
class InProcessEndpoint : public Endpoint {
 public:
  explicit InProcessEndpoint(reference::Handler& handler,
                             std::optional<sigv4::Credentials> credentials = std::nullopt,
                             std::string region = {})
      : handler_(handler), credentials_(std::move(credentials)), region_(std::move(region)) {}
  std::unique_ptr<Target> connect() override;
  std::string describe() const override { return "reference (in process)"; }

 private:
  reference::Handler& handler_;
  std::optional<sigv4::Credentials> credentials_;
  std::string region_;
};

}  // namespace ulp::conformance
