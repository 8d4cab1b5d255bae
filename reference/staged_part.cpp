#include "reference/staged_part.hpp"

#include <algorithm>

namespace ulp::reference {

void StagedPart::continue_digest(const std::string& upload_id, const Sha256& running,
                                 std::int64_t upload_size) {
  if (stage_->size() != 0) return;
  continuing_ = true;
  upload_id_ = upload_id;
  upload_size_ = upload_size;
  sha_ = running;
}

bool StagedPart::write(std::string_view bytes) {
  if (!stage_->write(bytes)) return false;
  if (continuing_) sha_.update(bytes);
  return true;
}

bool StagedPart::commit_to(const std::string& upload_id, LayerStore::UploadFile& file, Sha256& sha,
                           std::int64_t n) const {
  const bool continues =
      continuing_ && upload_id == upload_id_ && file.size() == upload_size_ && n == size();
  Sha256 next = continues ? sha_ : sha;
  if (!continues) {
    // Read back in slices: memory stays small whatever the part's size.
    std::string slice(static_cast<std::size_t>(std::min<std::int64_t>(n, 256 << 10)), '\0');
    for (std::int64_t at = 0; at < n;) {
      const auto k = static_cast<std::size_t>(std::min<std::int64_t>(n - at, slice.size()));
      if (!stage_->read(at, k, slice.data())) return false;
      next.update(std::string_view(slice.data(), k));
      at += static_cast<std::int64_t>(k);
    }
  }
  if (!file.append_from(*stage_, n)) return false;
  sha = next;
  return true;
}

}  // namespace ulp::reference
