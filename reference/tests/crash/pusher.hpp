// A client thread of the crash test: it pushes layers in a loop (initiate, parts, complete,
// check availability) while the server is killed under it, and resumes as a real client
// does: on no answer it waits for the server and sends the same request again, and a refused
// part tells it where the server resumed, which the oracle (oracle.hpp) judges.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/http_target.hpp"
#include "reference/tests/crash/findings.hpp"

namespace ulp::crash {

struct PushConfig {
  std::string endpoint;  // http://127.0.0.1:PORT, the same across restarts
  std::string repository;
  std::int64_t min_part = 0, max_part = 0;    // every part but a layer's last one
  std::int64_t min_layer = 0, max_layer = 0;  // layer sizes, uniform between them
  std::uint64_t seed = 0;
  // A request with no answer for this long is a violation: the server did not come back.
  std::chrono::seconds server_away_limit{30};
};

class Pusher {
 public:
  Pusher(int index, PushConfig config, RunState& run);
  void run();  // until run.stop
  // The generation (RunState::generation) of its latest answer: it has heard from the server
  // started after that many kills.
  std::int64_t last_generation() const { return last_generation_.load(); }

 private:
  struct Answer {
    Response response;
    bool lost = false;  // an earlier send of the same request had no answer
    std::int64_t generation = 0;
  };
  // Sends until an answer comes; nullopt when the run stops first or the server stays away.
  std::optional<Answer> send(const Request& request, const std::string& upload_id);
  void push_layer();
  void heard(const Answer& answer);
  void violation(const std::string& upload_id, const std::string& what);
  std::int64_t uniform(std::int64_t low, std::int64_t high);
  std::string layer_bytes(std::int64_t size, const std::string& upload_id);

  int index_;
  PushConfig config_;
  RunState& run_;
  HttpTarget target_;
  std::uint64_t rng_;
  std::int64_t upload_generation_ = -1;  // of the current upload's latest answer
  int upload_restarts_ = 0;              // restarts the current upload went on across
  std::atomic<std::int64_t> last_generation_{-1};
};

}  // namespace ulp::crash
