// A load run: the target (the embedded reference server, or --endpoint-url), its repository,
// the clients pushing and racing at once until the duration, the layer count, the ceiling or
// Ctrl-C ends it, then the repository deleted and everything measured merged.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/http_target.hpp"
#include "core/rate_limiter.hpp"
#include "load/findings.hpp"
#include "load/options.hpp"
#include "load/session.hpp"
#include "load/stats.hpp"

namespace ulp::load {

// What the clients share.
struct RunState {
  const Options& options;
  HttpTargetOptions http;
  std::unique_ptr<RateLimiter> limiter;  // null: no pacing (the embedded reference)
  std::string repository;                // shared by the plain pushers
  Progress progress;
  std::atomic<bool> stop{false};
  std::atomic<std::int64_t> layers_begun{0};

  explicit RunState(const Options& o) : options(o) {}
  // Takes the next layer of the run; false once the run is over.
  bool claim_layer();
  bool stopping() const { return stop.load(); }
  std::unique_ptr<Session> session();  // a new connection
};

struct Outcome {
  std::string target;  // what was tested
  double seconds = 0;
  std::int64_t layers = 0, layer_bytes = 0;
  int pushers = 0, racers = 0;
  Stats stats;
  Findings findings;
  std::string interrupted;  // why the run ended early ("Ctrl-C", "ceiling"), if it did
};

// The run; throws std::runtime_error for a setup failure (exit 2) with a message.
Outcome run(const Options& options);

}  // namespace ulp::load
