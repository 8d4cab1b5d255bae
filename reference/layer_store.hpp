// Where layer bytes live: on disk, so that memory grows with the part, not the layer.
//   <dir>/uploads/<uploadId>   bytes of an open upload, appended part by part
//   <dir>/layers/<sha256 hex>  completed layers, shared by every repository
// Or, for fuzzing, in memory: no file and no directory, so that a fresh store per input is
// cheap and leaves nothing behind.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace ulp::reference {

class LayerStore {
 public:
  enum class Backing { disk, memory };

  // An empty dir makes a temporary one, removed with the store. With Backing::memory the
  // dir is ignored and stays empty.
  explicit LayerStore(std::filesystem::path dir = {}, Backing backing = Backing::disk);
  ~LayerStore();
  LayerStore(const LayerStore&) = delete;
  LayerStore& operator=(const LayerStore&) = delete;

  // The bytes of a part still being received or not yet accepted. They stay in memory up to
  // kStageInMemory and then move to an unnamed file beside the uploads (gone when closed):
  // creating a file per part costs more than a small part's bytes, but memory per part in
  // flight stays bounded. With Backing::memory they never leave memory.
  class Stage {
   public:
    static constexpr std::int64_t kStageInMemory = 1 << 20;

    ~Stage();
    bool write(std::string_view bytes);
    std::int64_t size() const { return size_; }
    // Reads n bytes from offset into out; false when they are not all there.
    bool read(std::int64_t offset, std::size_t n, char* out) const;

   private:
    friend class LayerStore;
    bool spill();  // moves the bytes so far into the file
    int fd_ = -1;  // -1: the bytes are in bytes_
    std::int64_t size_ = 0;
    std::filesystem::path spill_dir_;  // empty: never spill
    std::string bytes_;
  };

  class UploadFile {
   public:
    ~UploadFile();
    bool append(std::string_view bytes);  // all or nothing: a failed write is rolled back
    // Appends the first n bytes of a stage, all or nothing.
    bool append_from(const Stage& stage, std::int64_t n);
    std::int64_t size() const { return size_; }

   private:
    friend class LayerStore;
    bool opened();  // the file is made by the first write: an upload may never get one
    void appended(std::int64_t n);
    int fd_ = -1;
    std::int64_t size_ = 0;
    std::filesystem::path path_;
    bool in_memory_ = false;
    std::string bytes_;  // in memory: the upload's bytes
  };

  // Its file is made when the first bytes come, not here: most of the 10,000 uploads a
  // repository may hold open may never get a part.
  std::unique_ptr<UploadFile> open_upload(const std::string& upload_id);
  std::unique_ptr<Stage> open_stage();
  // Moves the upload's bytes to layers/<hex>; false when the file system refuses.
  bool commit(UploadFile& file, const std::string& sha256_hex);
  void discard(UploadFile& file);
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  bool temporary_ = false;
  Backing backing_ = Backing::disk;
  std::map<std::string, std::string> memory_layers_;  // in memory: sha256 hex -> bytes
};

}  // namespace ulp::reference
