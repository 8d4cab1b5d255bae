// One client connection and the steps of a push on it, each answer checked as it comes:
// initiate, a part, the completion (digest), BatchCheckLayerAvailability (AVAILABLE, size).
// A step that goes wrong records the requirement it breaks in the session's Findings; a 5xx
// or a dropped connection is PROTO-NO-5XX. Throttling is an error of the tally, no finding.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/push_requests.hpp"
#include "core/rate_limiter.hpp"
#include "core/target.hpp"
#include "load/findings.hpp"
#include "load/stats.hpp"

namespace ulp::load {

// "UploadLayerPart: 400 InvalidLayerPartException (message)"
std::string describe(const Request& request, const Response& r);

class Session {
 public:
  // `limiter` (may be null) paces the requests under the limits' rates.
  Session(std::unique_ptr<Target> target, Progress& progress, RateLimiter* limiter);

  // Sends, times and tallies; a 5xx or no answer is recorded as PROTO-NO-5XX.
  Response send(const Request& request);

  std::optional<std::string> initiate(const std::string& repository);  // the upload ID
  // Whether the part was accepted with the right lastByteReceived.
  bool put_part(const std::string& repository, const std::string& upload_id,
                std::int64_t first_byte, std::string_view bytes);
  // The completion's answer judged: success naming `digest`, or LayerAlreadyExistsException
  // (another client pushed the same bytes); else ULP-RANGE-NO-LOSS.
  bool judge_completion(const Request& request, const Response& r, const std::string& digest,
                        std::int64_t size);
  // Completes with `digest`, then checks the layer is AVAILABLE with `size` bytes.
  bool complete(const std::string& repository, const std::string& upload_id,
                const std::string& digest, std::int64_t size);
  bool check_available(const std::string& repository, const std::string& digest, std::int64_t size);
  void layer_done(std::int64_t size);  // counts a completed, checked layer

  Stats stats;
  Findings findings;

 private:
  // The answer is a fault or throttling: recorded or tallied already, no other finding.
  bool faulted(const Response& r) const;

  std::unique_ptr<Target> target_;
  Progress& progress_;
  RateLimiter* limiter_;
};

}  // namespace ulp::load
