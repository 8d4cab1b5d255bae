// A part's bytes as they arrive, before the engine decides on the part: staged on the side,
// hashed on the way as the continuation of its upload's running digest when that was known
// at the start, and appended to the upload only when the part is accepted.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/sha256.hpp"
#include "reference/layer_store.hpp"

namespace ulp::reference {

class StagedPart {
 public:
  explicit StagedPart(std::unique_ptr<LayerStore::Stage> stage) : stage_(std::move(stage)) {}

  // Hashes what is written from now on as the continuation of `running`, the digest of
  // upload `upload_id` while it held `upload_size` bytes. Only before the first write.
  void continue_digest(const std::string& upload_id, const Sha256& running,
                       std::int64_t upload_size);
  bool write(std::string_view bytes);  // false when the stage refuses (a full disk)
  std::int64_t size() const { return stage_->size(); }
  const LayerStore::Stage& stage() const { return *stage_; }

  // Appends the first n staged bytes to an upload's file and its running digest, all or
  // nothing. The digest hashed on the way is taken when it continues exactly this state;
  // otherwise the bytes are read back and hashed.
  bool commit_to(const std::string& upload_id, LayerStore::UploadFile& file, Sha256& sha,
                 std::int64_t n) const;

 private:
  std::unique_ptr<LayerStore::Stage> stage_;
  bool continuing_ = false;
  std::string upload_id_;
  std::int64_t upload_size_ = 0;
  Sha256 sha_;
};

}  // namespace ulp::reference
