#include "reference/layer_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <stdexcept>
#include <system_error>

namespace ulp::reference {

namespace fs = std::filesystem;

LayerStore::LayerStore(fs::path dir) : dir_(std::move(dir)) {
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
  size_ += static_cast<std::int64_t>(bytes.size());
  return true;
}

std::unique_ptr<LayerStore::UploadFile> LayerStore::open_upload(const std::string& upload_id) {
  auto file = std::make_unique<UploadFile>();
  file->path_ = dir_ / "uploads" / upload_id;
  file->fd_ = ::open(file->path_.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (file->fd_ < 0)
    throw std::system_error(errno, std::generic_category(), "cannot open " + file->path_.string());
  return file;
}

bool LayerStore::commit(UploadFile& file, const std::string& sha256_hex) {
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
  std::error_code ignored;
  fs::remove(file.path_, ignored);
  file.path_.clear();
}

}  // namespace ulp::reference
