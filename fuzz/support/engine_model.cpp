#include "fuzz/support/engine_model.hpp"

#include <algorithm>
#include <cctype>

namespace ulp::fuzz {

bool same_digest(const std::string& a, const std::string& b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

bool EngineModel::foreign(const ModelRepositoryRef& ref) const {
  return !ref.registry_id.empty() && ref.registry_id != profile_.registry_id;
}

bool EngineModel::alive(const Upload& u) const {
  return !u.completed && !u.gone && now - u.last_activity <= profile_.upload_lifetime_seconds;
}

const EngineModel::Upload* EngineModel::upload(const std::string& id) const {
  auto it = uploads_.find(id);
  return it == uploads_.end() ? nullptr : &it->second;
}

const std::map<std::string, std::int64_t>* EngineModel::layers(const std::string& repo) const {
  auto it = repositories_.find(repo);
  return it == repositories_.end() ? nullptr : &it->second;
}

// Repositories are scoped by registry (ULP-REPOSITORY-UNKNOWN); an upload is found only in
// its own repository (ULP-UPLOAD-OTHER-REPOSITORY) while it is open: not completed
// (ULP-AFTER-COMPLETE), its repository not deleted, not expired (LIFE-PROBE-UPLOAD-LIFETIME).
std::string EngineModel::find_upload_error(const ModelRepositoryRef& ref,
                                           const std::string& id) const {
  if (foreign(ref) || !repository_exists(ref.name)) return "RepositoryNotFoundException";
  const Upload* u = upload(id);
  if (!u || u->repository != ref.name || !alive(*u)) return "UploadNotFoundException";
  return "";
}

bool EngineModel::open(const ModelRepositoryRef& ref, const std::string& id) const {
  return find_upload_error(ref, id).empty();
}

std::string EngineModel::expect_create(const ModelRepositoryRef& ref) const {
  if (foreign(ref)) return "InvalidParameterException";
  if (repository_exists(ref.name)) return "RepositoryAlreadyExistsException";
  return "";
}

std::string EngineModel::expect_delete(const ModelRepositoryRef& ref, bool force) const {
  if (foreign(ref) || !repository_exists(ref.name)) return "RepositoryNotFoundException";
  if (!repositories_.at(ref.name).empty() && !force) return "RepositoryNotEmptyException";
  return "";
}

std::string EngineModel::expect_initiate(const ModelRepositoryRef& ref) const {
  if (foreign(ref) || !repository_exists(ref.name)) return "RepositoryNotFoundException";
  std::int64_t open_uploads = 0;
  for (const auto& [id, u] : uploads_) open_uploads += u.repository == ref.name && alive(u);
  // LIFE-PROBE-OPEN-UPLOADS: the profile's limit, then LimitExceededException.
  if (open_uploads >= profile_.max_open_uploads_per_repository) return "LimitExceededException";
  return "";
}

std::string EngineModel::expect_part(const ModelRepositoryRef& ref, const std::string& id,
                                     std::int64_t first, std::int64_t last,
                                     std::int64_t size) const {
  if (auto e = find_upload_error(ref, id); !e.empty()) return e;
  const Upload& u = *upload(id);
  // ULP-SIZE-MAX-PART, refused as any model constraint (ULP-PROBE-MAX-PART-ERROR).
  if (size > profile_.max_part_bytes) return "InvalidParameterException";
  // ULP-RANGE-LENGTH and ULP-RANGE-ORDER: inclusive positions, so size = last - first + 1;
  // ULP-PROBE-EMPTY-BLOB: a part holds at least one byte.
  if (size == 0 || last < first || last - first != size - 1) return "InvalidLayerPartException";
  // ULP-RANGE-FIRST-AT-ZERO, -CONSECUTIVE, -GAP, -OVERLAP, ULP-PROBE-RESEND-LAST.
  if (first != u.next_byte) return "InvalidLayerPartException";
  // ULP-PROBE-MAX-PARTS.
  if (static_cast<std::int64_t>(u.part_sizes.size()) >= profile_.max_parts_per_layer ||
      u.bytes + size > profile_.max_layer_bytes)
    return "LimitExceededException";
  return "";
}

std::string EngineModel::expect_complete(const ModelRepositoryRef& ref, const std::string& id,
                                         const std::vector<std::string>& digests) const {
  if (auto e = find_upload_error(ref, id); !e.empty()) return e;
  const Upload& u = *upload(id);
  if (u.part_sizes.empty()) return "EmptyUploadException";  // CLU-EMPTY-UPLOAD
  for (std::size_t i = 0; i + 1 < u.part_sizes.size(); ++i)
    if (u.part_sizes[i] < profile_.min_part_bytes) return "LayerPartTooSmallException";
  // CLU-DIGEST-MISMATCH; every item must be the layer's (CLU-PROBE-SEVERAL-DIGESTS), and
  // the digest is checked before existence (CLU-PROBE-CHECK-ORDER).
  const std::string digest = u.digest();
  for (const auto& d : digests)
    if (!same_digest(d, digest)) return "InvalidLayerException";
  if (repositories_.at(ref.name).count(digest)) return "LayerAlreadyExistsException";
  return "";
}

std::string EngineModel::expect_batch_check(const ModelRepositoryRef& ref) const {
  if (foreign(ref) || !repository_exists(ref.name)) return "RepositoryNotFoundException";
  return "";
}

void EngineModel::created(const std::string& name) {
  repositories_[name];
}

void EngineModel::deleted(const std::string& name) {
  repositories_.erase(name);
  for (auto& [id, u] : uploads_)
    if (u.repository == name) u.gone = true;
}

void EngineModel::initiated(const std::string& repository, const std::string& id) {
  Upload u;
  u.id = id;
  u.repository = repository;
  u.last_activity = now;
  uploads_.emplace(id, std::move(u));
  order_.push_back(id);
}

void EngineModel::part_accepted(const std::string& id, std::string_view bytes, std::int64_t last) {
  Upload& u = uploads_.at(id);
  u.sha.update(bytes);
  u.bytes += static_cast<std::int64_t>(bytes.size());
  u.part_sizes.push_back(static_cast<std::int64_t>(bytes.size()));
  u.next_byte = last + 1;
  u.last_activity = now;
}

void EngineModel::completed(const std::string& repository, const std::string& id) {
  Upload& u = uploads_.at(id);
  u.completed = true;
  repositories_.at(repository)[u.digest()] = u.bytes;
}

}  // namespace ulp::fuzz
