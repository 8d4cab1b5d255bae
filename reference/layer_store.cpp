#include "reference/layer_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <stdexcept>
#include <system_error>

namespace ulp::reference {

namespace fs = std::filesystem;

namespace {
constexpr std::int64_t kCachedTail = 64 << 20;  // the bytes of an upload kept in the page cache
}  // namespace

LayerStore::LayerStore(fs::path dir, Backing backing, const DiskFaults* faults)
    : dir_(std::move(dir)), backing_(backing), faults_(faults) {
  if (backing_ == Backing::memory) {
    dir_.clear();
    return;
  }
  if (dir_.empty()) {
    std::string tmpl = (fs::temp_directory_path() / "ulp-reference-XXXXXX").string();
    if (!mkdtemp(tmpl.data()))
      throw std::system_error(errno, std::generic_category(), "cannot make a temporary directory");
    dir_ = tmpl;
    temporary_ = true;
  }
  fs::create_directories(uploads_dir());
  fs::create_directories(dir_ / "layers");
}

LayerStore::~LayerStore() {
  std::error_code ignored;
  if (temporary_) fs::remove_all(dir_, ignored);
}

LayerStore::UploadFile::~UploadFile() {
  if (fd_ >= 0) ::close(fd_);
  // An upload that ends without completing (expired, its repository deleted) leaves nothing.
  std::error_code ignored;
  if (!path_.empty()) fs::remove(path_, ignored);
}

bool LayerStore::UploadFile::append(std::string_view bytes) {
  if (in_memory_) {
    try {
      bytes_.append(bytes);
    } catch (const std::bad_alloc&) {
      return false;  // nothing was appended: std::string's append is all or nothing
    }
    size_ += static_cast<std::int64_t>(bytes.size());
    return true;
  }
  if (!opened()) return false;
  if (!write_all(fd_, bytes, size_, faults_)) {
    // A part is stored whole or not at all: cut back what this call wrote.
    // Later parts are written at size_ anyway, so a failed cut loses nothing.
    cut_to(size_);
    return false;
  }
  appended(static_cast<std::int64_t>(bytes.size()));
  return true;
}

bool LayerStore::UploadFile::append_from(const Stage& stage, std::int64_t n) {
  if (n < 0 || n > stage.size()) return false;
  if (stage.fd_ < 0)
    return append(std::string_view(stage.bytes_).substr(0, static_cast<std::size_t>(n)));
  if (in_memory_ || !opened() || !fault_free(faults_)) return false;  // memory never spills
  // In the kernel where it can (copy_file_range), else through a buffer.
  loff_t from = 0, to = size_;
  bool copied = true;
  while (from < n) {
    ssize_t k =
        ::copy_file_range(stage.fd_, &from, fd_, &to, static_cast<std::size_t>(n - from), 0);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) {
      copied = false;
      break;
    }
  }
  if (!copied && (errno == EXDEV || errno == ENOSYS || errno == EOPNOTSUPP || errno == EINVAL)) {
    copied = true;
    std::string buffer(std::min<std::int64_t>(n, 1 << 20), '\0');
    while (copied && from < n) {
      const auto k = static_cast<std::size_t>(std::min<std::int64_t>(n - from, buffer.size()));
      copied = stage.read(from, k, buffer.data());
      copied = copied && write_all(fd_, std::string_view(buffer.data(), k), to, faults_);
      from += static_cast<loff_t>(k);
      to += static_cast<loff_t>(k);
    }
  }
  if (!copied) {
    cut_to(size_);
    return false;
  }
  appended(n);
  return true;
}

bool LayerStore::UploadFile::opened() {
  if (fd_ >= 0) return true;
  if (!fault_free(faults_)) return false;
  const int flags = existing_ ? O_RDWR | O_CLOEXEC : O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC;
  fd_ = ::open(path_.c_str(), flags, 0600);
  if (fd_ >= 0 && sync_dir_ && !existing_ && !sync_dir(path_.parent_path())) {
    ::close(fd_);
    fd_ = -1;
  }
  return fd_ >= 0;
}

bool LayerStore::UploadFile::cut_to(std::int64_t size) {
  if (size > size_ || size < 0) return false;
  if (in_memory_) {
    bytes_.resize(static_cast<std::size_t>(size));
  } else if (fd_ >= 0 && ::ftruncate(fd_, static_cast<off_t>(size)) != 0) {
    return false;
  }
  size_ = size;
  return true;
}

bool LayerStore::UploadFile::hash_into(Sha256& sha) const {
  if (in_memory_) {
    sha.update(bytes_);
    return true;
  }
  if (size_ == 0) return true;
  if (fd_ < 0) return false;
  std::string slice(static_cast<std::size_t>(std::min<std::int64_t>(size_, 1 << 20)), '\0');
  for (std::int64_t at = 0; at < size_;) {
    const auto k = static_cast<std::size_t>(std::min<std::int64_t>(size_ - at, slice.size()));
    if (!read_all(fd_, slice.data(), k, at)) return false;
    sha.update(std::string_view(slice.data(), k));
    at += static_cast<std::int64_t>(k);
  }
  return true;
}

bool LayerStore::UploadFile::sync() const {
  return fd_ < 0 || ::fdatasync(fd_) == 0;
}

bool LayerStore::UploadFile::still_named() {
  if (in_memory_ || fd_ < 0 || !lost_name(fd_)) return true;
  if (const int copy = restore_file(fd_, path_, size_); copy >= 0) {
    ::close(fd_);
    fd_ = copy;
  }
  return false;
}

void LayerStore::UploadFile::appended(std::int64_t n) {
  const std::int64_t start = size_;
  size_ += n;
  // Bytes more than kCachedTail behind are pushed to disk and dropped from the page cache
  // (best effort): a layer of gigabytes then takes the memory of a few parts, not its own
  // size, and the pages dropped are the ones the next parts are written into. Where memory
  // not touched lately is dear (a virtual machine whose host takes back free memory), that
  // makes writing a large layer several times faster.
  if (start > kCachedTail) {
    [[maybe_unused]] int advice = ::posix_fadvise(fd_, 0, start - kCachedTail, POSIX_FADV_DONTNEED);
  }
}

LayerStore::Stage::~Stage() {
  if (fd_ >= 0) ::close(fd_);
}

bool LayerStore::Stage::write(std::string_view bytes) {
  if (fd_ < 0 &&
      (spill_dir_.empty() || size_ + static_cast<std::int64_t>(bytes.size()) <= kStageInMemory)) {
    try {
      // Room for a whole in-memory stage at once: grown by doubling from a few KiB instead,
      // a 1 MiB part was copied nine times into freshly mapped pages.
      if (bytes_.capacity() < static_cast<std::size_t>(kStageInMemory) && !spill_dir_.empty())
        bytes_.reserve(kStageInMemory);
      bytes_.append(bytes);
    } catch (const std::bad_alloc&) {
      return false;
    }
    size_ += static_cast<std::int64_t>(bytes.size());
    return true;
  }
  if (fd_ < 0 && !spill()) return false;
  if (!write_all(fd_, bytes, size_, faults_)) return false;
  size_ += static_cast<std::int64_t>(bytes.size());
  return true;
}

bool LayerStore::Stage::spill() {
  if (!fault_free(faults_)) return false;
  // Unnamed: nothing is left behind whatever happens to the request or the process.
  fd_ = ::open(spill_dir_.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    std::string name = (spill_dir_ / ".stage-XXXXXX").string();
    fd_ = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd_ >= 0) ::unlink(name.c_str());
  }
  if (fd_ < 0) return false;
  if (!write_all(fd_, bytes_, 0, faults_)) {
    ::close(fd_);
    fd_ = -1;
    return false;
  }
  std::string().swap(bytes_);  // the memory goes back now, not when the part ends
  return true;
}

bool LayerStore::Stage::read(std::int64_t offset, std::size_t n, char* out) const {
  if (offset < 0 || offset + static_cast<std::int64_t>(n) > size_) return false;
  if (fd_ < 0) {
    std::copy_n(bytes_.data() + offset, n, out);
    return true;
  }
  return read_all(fd_, out, n, offset);
}

std::unique_ptr<LayerStore::UploadFile> LayerStore::open_upload(const std::string& upload_id,
                                                                bool durable_name) {
  auto file = std::make_unique<UploadFile>();
  if (backing_ == Backing::memory) {
    file->in_memory_ = true;
    return file;
  }
  file->path_ = uploads_dir() / upload_id;  // made by the first part
  file->sync_dir_ = durable_name;
  file->faults_ = faults_;
  return file;
}

std::unique_ptr<LayerStore::UploadFile> LayerStore::reopen_upload(const std::string& upload_id,
                                                                  std::int64_t size) {
  auto file = open_upload(upload_id, true);
  file->existing_ = size > 0;  // without bytes there is nothing to keep: made afresh
  file->size_ = size;
  if (size > 0 && !file->opened())
    throw std::system_error(errno, std::generic_category(), "cannot open " + file->path_.string());
  return file;
}

std::unique_ptr<LayerStore::Stage> LayerStore::open_stage() {
  auto stage = std::make_unique<Stage>();
  if (backing_ == Backing::disk) stage->spill_dir_ = uploads_dir();
  stage->faults_ = faults_;
  return stage;
}

bool LayerStore::commit(UploadFile& file, const std::string& sha256_hex, bool durable) {
  if (file.in_memory_) {
    memory_layers_.try_emplace(sha256_hex, std::move(file.bytes_));
    file.bytes_.clear();
    return true;
  }
  const fs::path target = layer_path(sha256_hex);
  std::error_code ec;
  if (fs::exists(target, ec)) return true;                   // the same bytes, by their digest
  if (!file.opened() || !fault_free(faults_)) return false;  // an empty layer has its file too
  if (::link(file.path_.c_str(), target.c_str()) != 0 && errno != EEXIST) return false;
  return !durable || sync_dir(target.parent_path());
}

}  // namespace ulp::reference
