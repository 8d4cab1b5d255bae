// Engine::recover: the state of a durable data directory rebuilt from its journal, checked
// against the files, repaired, and written back compacted.
#include <chrono>
#include <cstdio>

#include "reference/engine.hpp"
#include "reference/engine_state.hpp"

namespace ulp::reference {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::int64_t size_on_disk(const fs::path& path) {
  std::error_code ec;
  const auto n = fs::file_size(path, ec);
  return ec ? 0 : static_cast<std::int64_t>(n);
}

void cut(const fs::path& path, std::int64_t size) {
  std::error_code ec;
  if (fs::exists(path, ec)) fs::resize_file(path, static_cast<std::uintmax_t>(size), ec);
  if (ec) throw JournalError("cannot cut " + path.string() + ": " + ec.message());
}

std::string plural(std::int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::string Recovery::summary(const fs::path& dir) const {
  std::string line = (found ? "recovered " : "new data directory ") + dir.string() + ": " +
                     plural(repositories, "repository", "repositories") + ", " +
                     plural(layers, "layer", "layers") + ", " +
                     plural(uploads, "open upload", "open uploads") + " holding " +
                     plural(upload_bytes, "byte", "bytes");
  std::vector<std::string> repairs;
  if (cut_uploads)
    repairs.push_back("cut " + plural(cut_bytes, "unacknowledged byte", "unacknowledged bytes") +
                      " from " + plural(cut_uploads, "upload", "uploads"));
  if (rewound_uploads)
    repairs.push_back("moved " + plural(rewound_uploads, "upload", "uploads") +
                      " back to the last part boundary its file holds (" +
                      plural(rewound_bytes, "byte", "bytes") + " the disk did not keep)");
  if (torn_line) repairs.push_back("cut the journal's torn last line");
  if (expired_uploads)
    repairs.push_back("dropped " + plural(expired_uploads, "expired upload", "expired uploads"));
  if (leftover_files)
    repairs.push_back("removed " + plural(leftover_files, "leftover file", "leftover files"));
  if (lost_layers)
    repairs.push_back("dropped " + plural(lost_layers, "layer", "layers") + " whose file is gone");
  if (found) {
    line += "; ";
    if (repairs.empty()) line += "nothing to repair";
    for (std::size_t i = 0; i < repairs.size(); ++i) line += (i ? ", " : "repaired: ") + repairs[i];
  }
  char took[48];
  std::snprintf(took, sizeof took, " (%.0f ms)", seconds * 1000);
  return line + took;
}

void Engine::recover() {
  const auto start = std::chrono::steady_clock::now();
  Recovery& rec = recovery_;
  rec.torn_line = journal_->cut_torn_line();
  rec.found = journal_->found();
  JournalState& state = journal_->state();
  for (const auto& [name, r] : state.repositories) {
    Repository& repo = add_repository_locked(name);
    repo.created_at = r.created;
    repo.layers = r.layers;
  }

  const std::int64_t lifetime = options_.profile.upload_lifetime_seconds;
  const std::int64_t t = now();
  for (auto it = state.uploads.begin(); it != state.uploads.end();) {
    const std::string& id = it->first;
    JournalState::Upload& j = it->second;
    const fs::path path = store_.uploads_dir() / id;
    auto repo = repositories_.find(j.repository);
    const bool expired = t - j.last_activity > lifetime;
    if (repo == repositories_.end() || expired) {
      rec.expired_uploads += expired;
      it = state.uploads.erase(it);  // its file goes with the leftovers
      continue;
    }
    const std::int64_t held = size_on_disk(path);
    std::int64_t size = j.bytes();
    if (held > size && options_.mutant == Mutant::recovery_keeps_tail) {
      size = held;  // the broken recovery: the cut part's bytes stay and the upload goes on after
    } else if (held > size) {
      ++rec.cut_uploads;
      rec.cut_bytes += held - size;
      cut(path, size);
    } else if (held < size) {
      ++rec.rewound_uploads;
      while (!j.parts.empty() && size > held) {
        size -= j.parts.back().size;
        j.parts.pop_back();
      }
      rec.rewound_bytes += held - size;
      cut(path, size);
    }
    auto up = std::make_shared<Upload>();
    up->id = id;
    up->repository = j.repository;
    up->file = store_.reopen_upload(id, size);
    up->rehash = true;
    up->next_byte = j.parts.empty() ? 0 : j.parts.back().next;
    for (const auto& p : j.parts) up->part_sizes.push_back(p.size);
    up->last_activity = j.last_activity;
    up->quiet_stretches = quiet_stretches_.load();
    ++repo->second->open_uploads;
    ++rec.uploads;
    rec.upload_bytes += size;
    uploads_[id] = std::move(up);
    ++it;
  }

  // Files no open upload owns: completed or expired uploads a crash left, stage files.
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(store_.uploads_dir(), ec))
    if (!uploads_.count(entry.path().filename().string()) && fs::remove(entry.path(), ec))
      ++rec.leftover_files;
  for (auto& [name, repo] : repositories_) {
    auto& journaled = state.repositories[name].layers;
    std::erase_if(repo->layers, [&](const auto& layer) {
      const std::string& digest = layer.first;
      const bool gone = !fs::exists(store_.layer_path(digest.substr(digest.find(':') + 1)), ec);
      rec.lost_layers += gone;
      if (gone) journaled.erase(digest);
      return gone;
    });
    rec.layers += static_cast<std::int64_t>(repo->layers.size());
  }
  rec.repositories = static_cast<std::int64_t>(repositories_.size());

  // Compacted: the state as it is now, in as few lines as it takes.
  journal_->rewrite();
  sync_dir(store_.uploads_dir());
  rec.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace ulp::reference
