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

LayerStore::LayerStore(fs::path dir, Backing backing) : dir_(std::move(dir)), backing_(backing) {
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
  fs::create_directories(dir_ / "uploads");
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
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done,
                         static_cast<off_t>(size_ + static_cast<std::int64_t>(done)));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // A part is stored whole or not at all: cut back what this call wrote.
      // Later parts are written at size_ anyway, so a failed cut loses nothing.
      [[maybe_unused]] int cut = ::ftruncate(fd_, static_cast<off_t>(size_));
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  appended(static_cast<std::int64_t>(bytes.size()));
  return true;
}

bool LayerStore::UploadFile::append_from(const Stage& stage, std::int64_t n) {
  if (n < 0 || n > stage.size()) return false;
  if (stage.fd_ < 0)
    return append(std::string_view(stage.bytes_).substr(0, static_cast<std::size_t>(n)));
  if (in_memory_ || !opened()) return false;  // a memory store never spills its stages
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
      for (std::size_t done = 0; copied && done < k;) {
        ssize_t w = ::pwrite(fd_, buffer.data() + done, k - done, static_cast<off_t>(to));
        if (w < 0 && errno == EINTR) continue;
        copied = w > 0;
        if (copied) {
          done += static_cast<std::size_t>(w);
          to += w;
        }
      }
      from += static_cast<loff_t>(k);
    }
  }
  if (!copied) {
    [[maybe_unused]] int cut = ::ftruncate(fd_, static_cast<off_t>(size_));
    return false;
  }
  appended(n);
  return true;
}

bool LayerStore::UploadFile::opened() {
  if (fd_ < 0) fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  return fd_ >= 0;
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
      bytes_.append(bytes);
    } catch (const std::bad_alloc&) {
      return false;
    }
    size_ += static_cast<std::int64_t>(bytes.size());
    return true;
  }
  if (fd_ < 0 && !spill()) return false;
  for (std::size_t done = 0; done < bytes.size();) {
    ssize_t n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done,
                         static_cast<off_t>(size_ + static_cast<std::int64_t>(done)));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  size_ += static_cast<std::int64_t>(bytes.size());
  return true;
}

bool LayerStore::Stage::spill() {
  // Unnamed: nothing is left behind whatever happens to the request or the process.
  fd_ = ::open(spill_dir_.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    std::string name = (spill_dir_ / ".stage-XXXXXX").string();
    fd_ = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd_ >= 0) ::unlink(name.c_str());
  }
  if (fd_ < 0) return false;
  for (std::size_t done = 0; done < bytes_.size();) {
    ssize_t n = ::pwrite(fd_, bytes_.data() + done, bytes_.size() - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd_);
      fd_ = -1;
      return false;
    }
    done += static_cast<std::size_t>(n);
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
  for (std::size_t done = 0; done < n;) {
    ssize_t k =
        ::pread(fd_, out + done, n - done, static_cast<off_t>(offset) + static_cast<off_t>(done));
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return false;
    done += static_cast<std::size_t>(k);
  }
  return true;
}

std::unique_ptr<LayerStore::UploadFile> LayerStore::open_upload(const std::string& upload_id) {
  auto file = std::make_unique<UploadFile>();
  if (backing_ == Backing::memory) {
    file->in_memory_ = true;
    return file;
  }
  file->path_ = dir_ / "uploads" / upload_id;  // made by the first part
  return file;
}

std::unique_ptr<LayerStore::Stage> LayerStore::open_stage() {
  auto stage = std::make_unique<Stage>();
  if (backing_ == Backing::disk) stage->spill_dir_ = dir_ / "uploads";
  return stage;
}

bool LayerStore::commit(UploadFile& file, const std::string& sha256_hex) {
  if (file.in_memory_) {
    memory_layers_.try_emplace(sha256_hex, std::move(file.bytes_));
    file.bytes_.clear();
    return true;
  }
  fs::path target = dir_ / "layers" / sha256_hex;
  std::error_code ec;
  if (fs::exists(target, ec)) {
    discard(file);
    return true;
  }
  if (!file.opened()) return false;  // an empty layer still has its file
  fs::rename(file.path_, target, ec);
  if (!ec) file.path_.clear();  // the bytes belong to the layer now
  return !ec;
}

void LayerStore::discard(UploadFile& file) {
  if (file.in_memory_) {
    file.bytes_.clear();
    return;
  }
  std::error_code ignored;
  fs::remove(file.path_, ignored);
  file.path_.clear();
}

}  // namespace ulp::reference
