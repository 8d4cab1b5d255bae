#include "reference/tests/crash/session.hpp"

#include <algorithm>
#include <fstream>
#include <thread>

#include "core/http_target.hpp"
#include "core/push_requests.hpp"
#include "core/splitmix64.hpp"
#include "reference/tests/crash/console.hpp"
#include "reference/tests/crash/interrupt.hpp"
#include "reference/tests/crash/oracle.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace ulp::crash {

const char* const kRepository = "crash";

namespace {

constexpr std::size_t kMostViolations = 20;  // a broken server would flood the record
constexpr auto kRestartLimit = 20s;          // from a kill to `listening on` again
constexpr int kRestartAttempts = 50;         // a port still busy, a lock not yet released

std::string tail_of(const fs::path& log, std::size_t lines) {
  std::ifstream in(log);
  std::vector<std::string> all;
  // Bounded by the log's length.
  for (std::string line; std::getline(in, line);) all.push_back(line);
  std::string out;
  for (std::size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i)
    out += "\n  | " + all[i];
  return out;
}

}  // namespace

bool should_stop(const RunOptions& options, const RunState& state) {
  const std::size_t found = state.violations.count();
  return interrupted() || found >= kMostViolations || (options.expect_violation && found > 0);
}

Session::Session(const RunOptions& options, RunState& state, ServerCommand command, fs::path data)
    : options_(options),
      state_(state),
      files_(std::move(data)),
      server_(std::move(command)),
      rng_(splitmix64(options.seed ^ static_cast<std::uint64_t>(state.counters.sessions))) {}

ServerProcess::Started Session::start_server() {
  const auto deadline = Clock::now() + kRestartLimit;
  ServerProcess::Started started;
  for (int attempt = 0; attempt < kRestartAttempts && Clock::now() < deadline; ++attempt) {
    started = server_.start(port_, deadline);
    // Only an early exit may be a busy port or a lock still held: anything else is final.
    if (started.port > 0 || !started.exited || started.exit_code == 2 || started.exit_code == 127)
      break;
    std::this_thread::sleep_for(100ms);
  }
  if (started.port <= 0) started.why += "; its log ends:" + tail_of(server_.command().log, 10);
  return started;
}

bool Session::restart() {
  auto started = start_server();
  if (started.port > 0) return true;
  state_.violations.record("the server did not start again after kill " +
                           std::to_string(state_.counters.kills.load()) + ": " + started.why);
  return false;
}

void Session::check_files(LayerFileCheck check, const std::string& when) {
  state_.counters.layer_files_checked += check.checked;
  for (const auto& broken : check.broken) state_.violations.record(broken + " " + when);
}

void Session::progress() {
  const Counters& c = state_.counters;
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, "%.0f s",
                std::chrono::duration<double>(Clock::now() - state_.started).count());
  console().progress("kills " + std::to_string(c.kills) + "/" + std::to_string(options_.kills) +
                     "  resumes " + std::to_string(c.resumes) + "  layers " +
                     std::to_string(c.layers_verified) + "  violations " +
                     std::to_string(state_.violations.count()) + "  " + elapsed);
}

void Session::kill_loop(const SessionLimits& limits) {
  const std::int64_t bytes_before = state_.counters.bytes_verified;
  auto full = [&] {
    return limits.layer_bytes > 0 &&
           state_.counters.bytes_verified - bytes_before >= limits.layer_bytes;
  };
  // Each round kills once, or ends the loop: at most options_.kills rounds.
  while (state_.counters.kills < options_.kills) {
    const auto span = static_cast<std::uint64_t>(options_.max_delay_ms - options_.min_delay_ms);
    const auto delay =
        std::chrono::milliseconds(options_.min_delay_ms + splitmix64_next(rng_) % (span + 1));
    const auto at = std::min(Clock::now() + delay, limits.kill_end);
    // Bounded by `at`: 10 ms a round.
    while (Clock::now() < at && !should_stop(options_, state_)) {
      std::this_thread::sleep_for(10ms);
      progress();
    }
    if (should_stop(options_, state_) || Clock::now() >= limits.kill_end || full()) return;
    ++state_.generation;  // before the kill: see RunState
    server_.kill();
    ++state_.counters.kills;
    // What the kill left on disk, before recovery can tidy it.
    check_files(files_.check_new(), "after kill " + std::to_string(state_.counters.kills));
    if (!restart()) return;
    ++state_.counters.restarts;
  }
}

void Session::settle(Clock::time_point end) {
  // Each client hears from the last server once, so the last restart is judged too.
  const auto until = std::min(end, Clock::now() + 3s);
  auto heard_all = [&] {
    return std::all_of(pushers_.begin(), pushers_.end(), [&](const auto& p) {
      return p->last_generation() >= state_.generation.load();
    });
  };
  while (Clock::now() < until && !heard_all() && !should_stop(options_, state_))
    std::this_thread::sleep_for(10ms);
}

void Session::final_checks() {
  const auto layers = state_.completed.all();
  if (server_.running()) {
    // Every layer completed in the session is still there after every later kill.
    HttpTargetOptions endpoint;
    endpoint.endpoint_url = "http://127.0.0.1:" + std::to_string(port_);
    HttpTarget target(endpoint);
    for (std::size_t at = 0; at < layers.size(); at += 100) {
      const std::size_t n = std::min<std::size_t>(100, layers.size() - at);
      std::vector<std::string> digests;
      for (std::size_t i = at; i < at + n; ++i) digests.push_back(layers[i].digest);
      Response answer = target.send(check_request(kRepository, digests));
      for (std::size_t i = at; i < at + n; ++i)
        if (auto wrong = judge_availability(layers[i].digest, layers[i].size, answer))
          state_.violations.record("at the end: " + *wrong);
    }
    if (!server_.terminate(10s))
      console().line("note: the server did not stop within 10 s of SIGTERM");
  }
  for (const auto& layer : layers)
    if (auto wrong = files_.missing(layer.digest.substr(7), layer.size); !wrong.empty())
      state_.violations.record("at the end: completed layer " + wrong);
  check_files(files_.check_all(), "at the end");
}

bool Session::run(int port, const SessionLimits& limits) {
  port_ = port;
  auto started = start_server();
  if (started.port <= 0) {
    console().line("ulp-crash-test: the server did not start: " + started.why);
    return false;
  }
  port_ = started.port;
  state_.stop = false;
  state_.completed.clear();
  PushConfig push{.endpoint = "http://127.0.0.1:" + std::to_string(port_),
                  .repository = kRepository,
                  .min_part = kMinPart,
                  .max_part = kMaxPart,
                  .min_layer = kMinLayer,
                  .max_layer = kMaxLayer,
                  .seed = options_.seed ^ splitmix64(state_.counters.sessions + 1)};
  for (int i = 0; i < options_.clients; ++i)
    pushers_.push_back(std::make_unique<Pusher>(i, push, state_));
  std::vector<std::thread> threads;
  for (auto& p : pushers_) threads.emplace_back([&p] { p->run(); });
  kill_loop(limits);
  if (server_.running()) settle(limits.settle_end);
  state_.stop = true;
  for (auto& t : threads) t.join();
  pushers_.clear();  // their idle connections would hold the server's stop for a second
  console().end_progress();
  final_checks();
  return true;
}

}  // namespace ulp::crash
