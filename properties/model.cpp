#include "properties/model.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/sha256.hpp"

namespace ulp::properties {

std::int64_t Upload::next_byte() const {
  return parts.empty() ? 0 : parts.back().first + parts.back().size;
}

namespace {

// Adds where a refused part would have moved the upload: appended where the upload stood (or
// would stand after earlier refused parts), or taken as the new end at its own position.
void note_moves(Upload& u, const PartRecord& refused) {
  if (refused.size <= 0) return;
  const std::int64_t next = u.next_byte();
  std::vector<std::int64_t> from = u.moved_to;
  from.push_back(next);
  for (const std::int64_t at : from) u.moved_to.push_back(at + refused.size);
  u.moved_to.push_back(refused.first + refused.size);
  std::sort(u.moved_to.begin(), u.moved_to.end());
  u.moved_to.erase(std::unique(u.moved_to.begin(), u.moved_to.end()), u.moved_to.end());
  std::erase(u.moved_to, next);
  constexpr std::size_t kKept = 64;  // a long run of refusals: the nearest positions suffice
  if (u.moved_to.size() > kKept) u.moved_to.resize(kKept);
}

}  // namespace

Model::Model(std::shared_ptr<const Settings> settings)
    : registry_id(settings->registry_id),
      settings_(std::move(settings)),
      digests_(std::make_shared<std::map<std::string, std::string>>()) {}

void Model::apply(const Effect& e, const std::string& upload_id) {
  using K = Effect::Kind;
  if (e.kind == K::open_upload || e.kind == K::upload_not_opened) {
    Upload u;
    u.repository = e.repository;
    u.id = upload_id;
    u.state = e.kind == K::open_upload ? UploadState::open : UploadState::not_opened;
    uploads.push_back(std::move(u));
    return;
  }
  if (e.kind == K::none) return;
  Upload& u = uploads.at(static_cast<std::size_t>(e.slot));
  switch (e.kind) {
    case K::accept_part:
      u.parts.push_back(e.part);
      u.refused_since_accepted = 0;
      u.moved_to.clear();
      break;
    case K::refuse_part:
      ++u.refused_parts;
      ++u.refused_since_accepted;
      note_moves(u, e.part);
      break;
    case K::complete_upload:
      u.state = UploadState::completed;
      layers[static_cast<std::size_t>(u.repository)].push_back(layer_key(u));
      break;
    case K::untrack:
      u.state = UploadState::untracked;
      break;
    default:
      throw std::logic_error("unhandled effect");
  }
}

int Model::open_uploads(int repository) const {
  return static_cast<int>(std::count_if(uploads.begin(), uploads.end(), [&](const Upload& u) {
    return u.repository == repository && u.state == UploadState::open;
  }));
}

bool Model::has_layer(int repository, const LayerKey& key) const {
  const auto& in = layers[static_cast<std::size_t>(repository)];
  return std::find(in.begin(), in.end(), key) != in.end();
}

LayerKey Model::layer_key(const Upload& upload) const {
  std::vector<PartContent> contents;
  for (const auto& p : upload.parts) contents.push_back({p.seed, p.size});
  return properties::layer_key(contents);
}

std::string Model::part_bytes(const PartRecord& part) const {
  return properties::part_bytes(part.seed, part.first, part.size, settings_->nonce);
}

std::string Model::layer_digest(const Upload& upload) const {
  std::string key;
  for (const auto& p : upload.parts)
    key +=
        std::to_string(p.first) + "+" + std::to_string(p.size) + "/" + std::to_string(p.seed) + " ";
  auto known = digests_->find(key);
  if (known != digests_->end()) return known->second;
  Sha256 sha;
  for (const auto& p : upload.parts) sha.update(part_bytes(p));
  return (*digests_)[key] = sha.digest();
}

const std::string& Model::repository_name(int repository) const {
  return settings_->repositories.at(static_cast<std::size_t>(repository));
}

}  // namespace ulp::properties
