// What makes --data-dir durable: DIR/journal, an append-only log of every change to the
// registry's state (a repository made or deleted, an upload opened, a part accepted, a layer
// completed), one checksummed JSON line each. The state is rebuilt from it at start
// (reference/engine_recovery.cpp), then written back compacted; and compacted again whenever
// it has doubled since, so that its size follows the state, not the history.
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
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "reference/file_io.hpp"
#include "reference/journal_state.hpp"

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

  // The state the journal tells, as read at start: recovery repairs it (before any append)
  // and then calls rewrite(). Whether the journal held anything, and a torn last line was cut.
  JournalState& state() { return state_; }
  bool found() const { return found_; }
  bool cut_torn_line() const { return cut_torn_line_; }

  // Appends a record, durable as the policy says; false (errno set, nothing kept) when the
  // disk refuses.
  bool append(const nlohmann::json& record);
  // Replaces the journal by the lines of state(), durably; throws JournalError.
  void rewrite();
  // Compacts while running once the journal is larger than this (and twice its size after
  // the last compaction); tests make it small.
  void compact_when_larger_than(std::int64_t bytes);
  std::int64_t size();

  FsyncPolicy policy() const { return policy_; }

 private:
  // The journal's open file: shared, so that a sync outside the lock survives a compaction
  // that replaces the file.
  struct File {
    int fd = -1;
    ~File();
  };

  void lock_dir();
  void check_format();
  void read();
  void open_for_append();
  bool rewrite_locked();  // false (errno set) when the disk refused; the old journal stays
  void sync_every_second();

  std::filesystem::path dir_, path_;
  FsyncPolicy policy_;
  const DiskFaults* faults_;
  int lock_fd_ = -1;
  std::mutex mutex_;  // file_, size_, dirty_, state_ and compact_at_
  std::shared_ptr<File> file_;
  std::int64_t size_ = 0;
  bool dirty_ = false;
  JournalState state_;
  bool found_ = false;
  bool cut_torn_line_ = false;
  std::int64_t min_compact_ = 64 << 20;
  std::int64_t compact_at_ = 64 << 20;
  // FsyncPolicy::interval's syncing thread
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread syncer_;
};

}  // namespace ulp::reference
