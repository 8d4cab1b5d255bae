// Where layer bytes live: on disk, so that memory grows with the part, not the layer.
//   <dir>/uploads/<uploadId>   bytes of an open upload, appended part by part
//   <dir>/layers/<sha256 hex>  completed layers, shared by every repository
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace ulp::reference {

class LayerStore {
 public:
  // An empty dir makes a temporary one, removed with the store.
  explicit LayerStore(std::filesystem::path dir = {});
  ~LayerStore();
  LayerStore(const LayerStore&) = delete;
  LayerStore& operator=(const LayerStore&) = delete;

  class UploadFile {
   public:
    ~UploadFile();
    bool append(std::string_view bytes);  // all or nothing: a failed write is rolled back
    std::int64_t size() const { return size_; }

   private:
    friend class LayerStore;
    int fd_ = -1;
    std::int64_t size_ = 0;
    std::filesystem::path path_;
  };

  std::unique_ptr<UploadFile> open_upload(const std::string& upload_id);
  // Moves the upload's bytes to layers/<hex>; false when the file system refuses.
  bool commit(UploadFile& file, const std::string& sha256_hex);
  void discard(UploadFile& file);
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  bool temporary_ = false;
};

}  // namespace ulp::reference
