// What a crash run counts and the violations it finds, shared by the client threads and the
// thread that kills the server.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace ulp::crash {

using Clock = std::chrono::steady_clock;

struct Counters {
  std::atomic<std::int64_t> sessions{0}, kills{0}, restarts{0}, resumes{0}, answers_lost{0};
  // Lost answers whose request had taken effect: a part found durable, a completion done.
  std::atomic<std::int64_t> parts_found_durable{0}, completions_found_done{0};
  std::atomic<std::int64_t> parts_acknowledged{0}, layers_verified{0}, bytes_verified{0};
  std::atomic<std::int64_t> layer_files_checked{0};
};

// Each violation is printed as it is found (a long run may be stopped by hand) and kept for
// the summary.
class Violations {
 public:
  void record(std::string what);
  std::size_t count() const { return count_.load(); }
  std::vector<std::string> all() const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> found_;
  std::atomic<std::size_t> count_{0};
};

// A layer the server completed and showed AVAILABLE: the end of the run checks it again.
struct CompletedLayer {
  std::string digest;  // sha256:<hex>
  std::int64_t size = 0;
};

class CompletedLayers {
 public:
  void add(CompletedLayer layer);
  std::vector<CompletedLayer> all() const;
  void clear();  // a fresh data directory

 private:
  mutable std::mutex mutex_;
  std::vector<CompletedLayer> layers_;
};

// The run as every thread sees it.
struct RunState {
  const Clock::time_point started = Clock::now();
  std::atomic<bool> stop{false};  // the clients' signal to end
  // Raised just before each SIGKILL: a request sent under one value and answered under
  // another may have been cut by the kill, and an answer under a new value comes from a
  // server that has restarted.
  std::atomic<std::int64_t> generation{0};
  Counters counters;
  Violations violations;
  CompletedLayers completed;
};

}  // namespace ulp::crash
