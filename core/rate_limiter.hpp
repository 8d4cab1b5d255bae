// Requests per second, per operation, as token buckets that hold one second's worth. One
// limiter is shared by every connection of a run, so that concurrent cases pace together.
// The client waits for its turn (acquire); the throttling reference refuses past it
// (try_acquire).
//
//   ulp::RateLimiter limiter(profile.requests_per_second);
//   limiter.acquire("UploadLayerPart");  // then send
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ulp {

class RateLimiter {
 public:
  // Operation -> requests per second; "*" for every operation not named. An operation with no
  // rate (or a rate <= 0) is never held back.
  explicit RateLimiter(std::map<std::string, double> rates = {});

  void acquire(const std::string& operation);       // waits until it may be sent
  bool try_acquire(const std::string& operation);   // takes a turn now if there is one
  double rate(const std::string& operation) const;  // 0: no limit
  bool limits_anything() const { return !rates_.empty(); }

 private:
  using Clock = std::chrono::steady_clock;
  struct Bucket {
    double tokens = 0;
    Clock::time_point last;
  };
  // The bucket after refilling it up to now; nullptr when the operation has no limit.
  Bucket* refilled(const std::string& operation, double rate, Clock::time_point now);

  std::map<std::string, double> rates_;
  std::mutex mutex_;
  std::map<std::string, Bucket> buckets_;
};

// The "requestsPerSecond" member of a profile's JSON (spec/profiles/*.json); empty without one.
std::map<std::string, double> requests_per_second_of(const nlohmann::json& profile);
// The rates of an embedded profile ("ecr", "ecr-public") or of a JSON file with a
// "requestsPerSecond" member. Throws std::runtime_error naming what is wrong.
std::map<std::string, double> load_rates(const std::string& name_or_path);

// "no request rate limit", or "at most 100 requests/s for InitiateLayerUpload, 500 for ...".
std::string describe_rates(const std::map<std::string, double>& rates);

// "--max-rate" values: "N" (every operation) or "OPERATION=N", later ones over earlier ones,
// applied over `base`. Throws std::invalid_argument naming a bad value or unknown operation.
std::map<std::string, double> override_rates(std::map<std::string, double> base,
                                             const std::vector<std::string>& overrides);

}  // namespace ulp
