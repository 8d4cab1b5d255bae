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

#include "core/sha256.hpp"
#include "reference/file_io.hpp"

namespace ulp::reference {

class LayerStore {
 public:
  enum class Backing { disk, memory };

  // An empty dir makes a temporary one, removed with the store. With Backing::memory the
  // dir is ignored and stays empty. `faults` (tests) makes writes fail on demand.
  explicit LayerStore(std::filesystem::path dir = {}, Backing backing = Backing::disk,
                      const DiskFaults* faults = nullptr);
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
    const DiskFaults* faults_ = nullptr;
  };

  class UploadFile {
   public:
    ~UploadFile();
    bool append(std::string_view bytes);  // all or nothing: a failed write is rolled back
    // Appends the first n bytes of a stage, all or nothing.
    bool append_from(const Stage& stage, std::int64_t n);
    std::int64_t size() const { return size_; }
    // Cuts the bytes appended after `size` (a part whose journal line could not be written).
    bool cut_to(std::int64_t size);
    // Makes the bytes written so far durable (fdatasync).
    bool sync() const;
    // Hashes the bytes held so far into sha (an upload recovered at start).
    bool hash_into(Sha256& sha) const;
    // False when the file was removed behind the server's back. Its name is given back (the
    // open file still holds every byte), but the request that found it is answered as the
    // fault it is.
    bool still_named();
    // Leaves the file on disk when this object goes (a durable server stopping: the upload is
    // recovered at the next start). Otherwise an upload that ends leaves nothing.
    void keep_on_disk() { path_.clear(); }

   private:
    friend class LayerStore;
    bool opened();  // the file is made by the first write: an upload may never get one
    void appended(std::int64_t n);
    int fd_ = -1;
    std::int64_t size_ = 0;
    std::filesystem::path path_;
    bool in_memory_ = false;
    bool existing_ = false;  // recovered at start: its file is opened, never made afresh
    bool sync_dir_ = false;  // its name must reach the disk when it is made
    std::string bytes_;      // in memory: the upload's bytes
    const DiskFaults* faults_ = nullptr;
  };

  // Its file is made when the first bytes come, not here: most of the 10,000 uploads a
  // repository may hold open may never get a part.
  // `durable_name`: when the file is made, its directory is synced too.
  std::unique_ptr<UploadFile> open_upload(const std::string& upload_id, bool durable_name = false);
  // An upload's file found at start, holding `size` acknowledged bytes (its tail is cut by
  // the caller); it is opened now, so that its name can be kept if someone removes it.
  std::unique_ptr<UploadFile> reopen_upload(const std::string& upload_id, std::int64_t size);
  std::unique_ptr<Stage> open_stage();
  // Gives the upload's bytes their name as a layer, layers/<hex> (a second name: the upload
  // keeps its own until its UploadFile goes, so that a crash in between loses neither); with
  // `durable`, the name is on disk when this returns. False when the file system refuses.
  bool commit(UploadFile& file, const std::string& sha256_hex, bool durable = false);
  // The files under uploads/, for recovery to tell its own from leftovers.
  std::filesystem::path uploads_dir() const { return dir_ / "uploads"; }
  std::filesystem::path layer_path(const std::string& sha256_hex) const {
    return dir_ / "layers" / sha256_hex;
  }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  bool temporary_ = false;
  Backing backing_ = Backing::disk;
  const DiskFaults* faults_ = nullptr;
  std::map<std::string, std::string> memory_layers_;  // in memory: sha256 hex -> bytes
};

}  // namespace ulp::reference
