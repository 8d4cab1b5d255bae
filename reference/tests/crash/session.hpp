// One data directory's life in a crash run: its server started, the clients pushing, the
// server killed and restarted again and again, and at the end every completed layer checked
// through the server and on disk.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "reference/tests/crash/crash_run.hpp"
#include "reference/tests/crash/findings.hpp"
#include "reference/tests/crash/layer_files.hpp"
#include "reference/tests/crash/pusher.hpp"
#include "reference/tests/crash/server_process.hpp"

namespace ulp::crash {

extern const char* const kRepository;

// Small parts and layers, so that a second holds many parts and a kill cuts many uploads.
inline constexpr std::int64_t kMinPart = 1 << 10, kMaxPart = 64 << 10;
inline constexpr std::int64_t kMinLayer = 64 << 10, kMaxLayer = 1 << 20;  // pushed

struct SessionLimits {
  Clock::time_point kill_end;    // no kill after it
  Clock::time_point settle_end;  // the clients stop by then
  std::int64_t layer_bytes = 0;  // no kill after this many bytes of layers (0: no bound)
};

// Whether the run ends now: an interrupt, too many violations, or the one it was looking for.
bool should_stop(const RunOptions& options, const RunState& state);

class Session {
 public:
  Session(const RunOptions& options, RunState& state, ServerCommand command,
          std::filesystem::path data);
  // Starts the server on `port` (0: any free one) and goes on until the limits or
  // options.kills in all. False when the server did not start at all.
  bool run(int port, const SessionLimits& limits);
  int port() const { return port_; }

 private:
  // Starts the server on port_, again while it exits at once (a busy port, a lock still held).
  ServerProcess::Started start_server();
  bool restart();  // false, and a violation, when it does not start
  void kill_loop(const SessionLimits& limits);
  void settle(Clock::time_point end);
  void final_checks();
  void check_files(LayerFileCheck check, const std::string& when);
  void progress();

  const RunOptions& options_;
  RunState& state_;
  LayerFiles files_;
  ServerProcess server_;
  int port_ = 0;
  std::vector<std::unique_ptr<Pusher>> pushers_;
  std::uint64_t rng_;
};

}  // namespace ulp::crash
