#include "reference/journal.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/sha256.hpp"

namespace ulp::reference {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::string_view kFormatName = "ulp-reference-data";

// A line's checksum: the first 8 hex digits of the SHA-256 of its JSON. It tells a line cut
// by a crash (or garbage a power cut left past the end) from a whole one.
std::string checksum(std::string_view text) {
  return Sha256::hex_of(text).substr(0, 8);
}

std::string line_of(const json& record) {
  const std::string text = record.dump();
  return checksum(text) + " " + text + "\n";
}

std::optional<json> parse_line(std::string_view line) {
  if (line.size() < 10 || line[8] != ' ') return std::nullopt;
  const std::string_view text = line.substr(9);
  if (checksum(text) != line.substr(0, 8)) return std::nullopt;
  json record = json::parse(text, nullptr, false);
  if (record.is_discarded() || !record.is_object()) return std::nullopt;
  return record;
}

std::string why() {
  return std::strerror(errno);
}

}  // namespace

std::optional<FsyncPolicy> fsync_policy_named(std::string_view name) {
  if (name == "always") return FsyncPolicy::always;
  if (name == "interval") return FsyncPolicy::interval;
  if (name == "never") return FsyncPolicy::never;
  return std::nullopt;
}

std::string fsync_policy_name(FsyncPolicy policy) {
  switch (policy) {
    case FsyncPolicy::always:
      return "always";
    case FsyncPolicy::interval:
      return "interval";
    case FsyncPolicy::never:
      return "never";
  }
  return "?";
}

Journal::Journal(fs::path dir, FsyncPolicy policy, const DiskFaults* faults)
    : dir_(std::move(dir)), path_(dir_ / "journal"), policy_(policy), faults_(faults) {
  lock_dir();
  check_format();
  read();
  open_for_append();
  if (policy_ == FsyncPolicy::interval) syncer_ = std::thread([this] { sync_every_second(); });
}

Journal::~Journal() {
  if (syncer_.joinable()) {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    syncer_.join();
  }
  file_.reset();
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the lock
}

Journal::File::~File() {
  if (fd >= 0) ::close(fd);
}

void Journal::lock_dir() {
  const fs::path lock_path = dir_ / "lock";
  lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) throw JournalError("cannot open " + lock_path.string() + ": " + why());
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    std::string holder;
    std::getline(std::ifstream(lock_path), holder);
    throw JournalError(dir_.string() + " is in use by another ulp-reference-server" +
                       (holder.empty() ? "" : " (pid " + holder + ")") +
                       "; one server per data directory");
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(lock_fd_, 0) != 0 || !write_all(lock_fd_, pid, 0, nullptr)) {
    // Only informative: the lock itself is held.
  }
}

void Journal::check_format() {
  const fs::path format_path = dir_ / "format";
  std::ifstream in(format_path);
  if (!in) {
    // A new directory (or one that only ever held layer bytes): it is format 1 from now on.
    const fs::path fresh = dir_ / "format.new";
    std::ofstream(fresh) << kFormatName << " " << kFormat << "\n";
    std::error_code ec;
    fs::rename(fresh, format_path, ec);
    if (ec) throw JournalError("cannot write " + format_path.string() + ": " + ec.message());
    sync_dir(dir_);
    return;
  }
  std::string name;
  int format = 0;
  in >> name >> format;
  if (name != kFormatName || format <= 0)
    throw JournalError(format_path.string() + " does not name a format this server knows ('" +
                       name + "'); refusing the directory rather than misreading it");
  if (format > kFormat)
    throw JournalError(dir_.string() + " was written in data format " + std::to_string(format) +
                       " by a newer ulp-reference-server; this one reads format " +
                       std::to_string(kFormat) + " and leaves it untouched");
}

void Journal::read() {
  std::ifstream in(path_, std::ios::binary);
  if (!in) return;  // no journal yet
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string all = buffer.str();
  std::size_t at = 0;
  std::int64_t good = 0;
  int line_number = 0;
  while (at < all.size()) {
    const std::size_t end = all.find('\n', at);
    ++line_number;
    std::optional<json> record;
    if (end != std::string::npos) record = parse_line(std::string_view(all).substr(at, end - at));
    if (!record) {
      // Only the last line may be cut short: a crash in the middle of its write.
      if (end != std::string::npos && end + 1 < all.size())
        throw JournalError(path_.string() + " is damaged at line " + std::to_string(line_number) +
                           " (byte " + std::to_string(at) +
                           "), before its end; refusing to start rather than lose what follows");
      cut_torn_line_ = true;
      break;
    }
    try {
      state_.apply(*record);
    } catch (const std::exception& e) {
      throw JournalError(path_.string() + ": line " + std::to_string(line_number) +
                         " is not one this format writes (" + e.what() + ")");
    }
    found_ = true;
    at = end + 1;
    good = static_cast<std::int64_t>(at);
  }
  found_ = found_ || cut_torn_line_;
  if (cut_torn_line_) {
    std::error_code ec;
    fs::resize_file(path_, static_cast<std::uintmax_t>(good), ec);
    if (ec)
      throw JournalError("cannot cut the torn end of " + path_.string() + ": " + ec.message());
  }
}

void Journal::open_for_append() {
  file_ = std::make_shared<File>();
  file_->fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (file_->fd < 0) throw JournalError("cannot open " + path_.string() + ": " + why());
  const off_t end = ::lseek(file_->fd, 0, SEEK_END);
  if (end < 0) throw JournalError("cannot read " + path_.string() + ": " + why());
  size_ = end;
  sync_dir(dir_);
}

bool Journal::append(const json& record) {
  const std::string line = line_of(record);
  std::shared_ptr<File> file;
  {
    std::lock_guard lock(mutex_);
    // Removed behind the server's back: put back before anything is added.
    if (lost_name(file_->fd)) {
      auto copy = std::make_shared<File>();
      copy->fd = restore_file(file_->fd, path_, size_);
      if (copy->fd < 0) return false;
      file_ = std::move(copy);
    }
    const int fd = file_->fd;
    if (!write_all(fd, line, size_, faults_)) {
      // Whatever part of the line was written goes, so that the next line follows a whole one.
      const int e = errno;
      [[maybe_unused]] int cut = ::ftruncate(fd, static_cast<off_t>(size_));
      errno = e;
      return false;
    }
    size_ += static_cast<std::int64_t>(line.size());
    dirty_ = true;
    state_.apply(record);
    if (size_ > compact_at_) {
      // A compaction that fails (a full disk) leaves the journal as it was; it is tried
      // again when the journal has doubled.
      rewrite_locked();
      compact_at_ = std::max(min_compact_, 2 * size_);
    }
    file = file_;
  }
  // Outside the lock, so that lines appended meanwhile share the sync.
  if (policy_ == FsyncPolicy::always && ::fdatasync(file->fd) != 0) return false;
  return true;
}

void Journal::rewrite() {
  std::lock_guard lock(mutex_);
  if (!rewrite_locked())
    throw JournalError("cannot write " + (dir_ / "journal.new").string() + ": " + why());
}

bool Journal::rewrite_locked() {
  const fs::path fresh = dir_ / "journal.new";
  std::string all;
  for (const auto& r : state_.records()) all += line_of(r);
  auto file = std::make_shared<File>();
  file->fd = ::open(fresh.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (file->fd < 0 || !write_all(file->fd, all, 0, faults_) || ::fsync(file->fd) != 0) return false;
  std::error_code ec;
  fs::rename(fresh, path_, ec);
  if (ec) {
    errno = ec.value();
    return false;
  }
  sync_dir(dir_);
  file_ = std::move(file);
  size_ = static_cast<std::int64_t>(all.size());
  return true;
}

void Journal::compact_when_larger_than(std::int64_t bytes) {
  std::lock_guard lock(mutex_);
  min_compact_ = compact_at_ = bytes;
}

std::int64_t Journal::size() {
  std::lock_guard lock(mutex_);
  return size_;
}

void Journal::sync_every_second() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::seconds(1));
    if (!dirty_) continue;
    dirty_ = false;
    const std::shared_ptr<File> file = file_;
    lock.unlock();
    ::syncfs(file->fd);  // the journal and every upload's bytes: they share DIR's file system
    lock.lock();
  }
}

}  // namespace ulp::reference
