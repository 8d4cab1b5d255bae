#include "reference/layer_store.hpp"

#include <fcntl.h>
#include <unistd.h>

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
  const std::int64_t start = size_;
  size_ += static_cast<std::int64_t>(bytes.size());
  // Bytes more than kCachedTail behind are pushed to disk and dropped from the page cache
  // (best effort): a layer of gigabytes then takes the memory of a few parts, not its own
  // size, and the pages dropped are the ones the next parts are written into. Where memory
  // not touched lately is dear (a virtual machine whose host takes back free memory), that
  // makes writing a large layer several times faster.
  if (start > kCachedTail) {
    [[maybe_unused]] int advice = ::posix_fadvise(fd_, 0, start - kCachedTail, POSIX_FADV_DONTNEED);
  }
  return true;
}

std::unique_ptr<LayerStore::UploadFile> LayerStore::open_upload(const std::string& upload_id) {
  auto file = std::make_unique<UploadFile>();
  if (backing_ == Backing::memory) {
    file->in_memory_ = true;
    return file;
  }
  file->path_ = dir_ / "uploads" / upload_id;
  file->fd_ = ::open(file->path_.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (file->fd_ < 0)
    throw std::system_error(errno, std::generic_category(), "cannot open " + file->path_.string());
  return file;
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
