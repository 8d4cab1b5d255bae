// What makes --data-dir durable: DIR/journal, an append-only log of every change to the
// registry's state (a repository made or deleted, an upload opened, a part accepted, a layer
// completed), one checksummed JSON line each. The state is rebuilt from it at start
// (reference/engine_recovery.cpp), then written back compacted.
//
// A change is durable when append() returns true under FsyncPolicy::always: the line is on
// disk (fdatasync). A torn last line (a crash in the middle of a write) is cut at start; a
// damaged line before the end is refused, never skipped.
//
// The journal also holds DIR/lock, so that two servers never share a directory, and checks
// DIR/format, so that a directory written by a newer format is refused, not misread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "reference/file_io.hpp"

namespace ulp::reference {

// When the bytes and the journal reach the disk. SIGKILL loses nothing under any policy (the
// kernel keeps what was written); a power cut loses at most what was not synced.
enum class FsyncPolicy {
  always,    // before each answer that changed state: nothing acknowledged is ever lost
  interval,  // every second: a power cut loses at most the last second's parts
  never,     // when the kernel likes: a power cut may lose any part not yet written back
};
std::optional<FsyncPolicy> fsync_policy_named(std::string_view name);
std::string fsync_policy_name(FsyncPolicy policy);

struct JournalError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Journal {
 public:
  static constexpr int kFormat = 1;

  // Takes DIR/lock, checks DIR/format and reads DIR/journal; throws JournalError with a
  // message for a person (in use, a newer format, a damaged line).
  Journal(std::filesystem::path dir, FsyncPolicy policy, const DiskFaults* faults);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // The records read at start, oldest first; and whether a torn last line was cut.
  std::vector<nlohmann::json> take_records() { return std::move(records_); }
  bool cut_torn_line() const { return cut_torn_line_; }

  // Appends a record, durable as the policy says; false (errno set, nothing kept) when the
  // disk refuses.
  bool append(const nlohmann::json& record);
  // Replaces the journal by these records (compaction at start), durably.
  void rewrite(const std::vector<nlohmann::json>& records);

  FsyncPolicy policy() const { return policy_; }

 private:
  void lock_dir();
  void check_format();
  void read();
  void open_for_append();
  void sync_every_second();

  std::filesystem::path dir_, path_;
  FsyncPolicy policy_;
  const DiskFaults* faults_;
  int lock_fd_ = -1;
  int fd_ = -1;
  std::mutex mutex_;  // fd_, size_ and dirty_
  std::int64_t size_ = 0;
  bool dirty_ = false;
  std::vector<nlohmann::json> records_;
  bool cut_torn_line_ = false;
  // FsyncPolicy::interval's syncing thread
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread syncer_;
};

}  // namespace ulp::reference
