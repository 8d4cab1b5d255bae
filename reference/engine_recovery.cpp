// Engine::recover: the state of a durable data directory rebuilt from its journal, checked
// against the files, repaired, and written back compacted.
#include <chrono>
#include <cstdio>
#include <set>

#include "reference/engine.hpp"
#include "reference/engine_state.hpp"

namespace ulp::reference {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// An upload as the journal tells it.
struct Journaled {
  std::string repository;
  std::int64_t last_activity = 0;
  struct Part {
    std::int64_t size = 0, next = 0, time = 0;
  };
  std::vector<Part> parts;
  std::int64_t bytes() const {
    std::int64_t n = 0;
    for (const auto& p : parts) n += p.size;
    return n;
  }
};

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
  std::map<std::string, Journaled> open;
  std::vector<json> records = journal_->take_records();
  rec.found = !records.empty() || rec.torn_line;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const json& r = records[i];
    try {
      const std::string op = r.at("op");
      if (op == "repository") {
        Repository& repo = add_repository_locked(r.at("name"));
        repo.created_at = r.at("created");
      } else if (op == "delete-repository") {
        const std::string name = r.at("name");
        repositories_.erase(name);
        std::erase_if(open, [&](const auto& u) { return u.second.repository == name; });
      } else if (op == "upload") {
        open[r.at("id")] = Journaled{r.at("repository"), r.at("time"), {}};
      } else if (op == "part") {
        auto it = open.find(r.at("id"));
        if (it == open.end()) continue;  // its repository was deleted since
        it->second.parts.push_back({r.at("size"), r.at("next"), r.at("time")});
        it->second.last_activity = r.at("time");
      } else if (op == "layer") {
        auto repo = repositories_.find(r.at("repository"));
        if (repo != repositories_.end()) repo->second->layers[r.at("digest")] = r.at("size");
        open.erase(r.at("id").get<std::string>());
      } else {
        throw JournalError("an operation this format does not have: '" + op + "'");
      }
    } catch (const json::exception& e) {
      throw JournalError((store_.dir() / "journal").string() + ": record " + std::to_string(i + 1) +
                         " is not one this format writes: " + e.what());
    }
  }

  const std::int64_t lifetime = options_.profile.upload_lifetime_seconds;
  const std::int64_t t = now();
  for (auto& [id, j] : open) {
    const fs::path path = store_.uploads_dir() / id;
    auto repo = repositories_.find(j.repository);
    if (repo == repositories_.end()) continue;
    if (t - j.last_activity > lifetime) {
      ++rec.expired_uploads;
      continue;  // its file goes with the leftovers
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
  }

  // Files no open upload owns: completed or expired uploads a crash left, stage files.
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(store_.uploads_dir(), ec))
    if (!uploads_.count(entry.path().filename().string()) && fs::remove(entry.path(), ec))
      ++rec.leftover_files;
  for (auto& [name, repo] : repositories_) {
    std::erase_if(repo->layers, [&](const auto& layer) {
      const std::string& digest = layer.first;
      const bool gone = !fs::exists(store_.layer_path(digest.substr(digest.find(':') + 1)), ec);
      rec.lost_layers += gone;
      return gone;
    });
    rec.layers += static_cast<std::int64_t>(repo->layers.size());
  }
  rec.repositories = static_cast<std::int64_t>(repositories_.size());

  // Compacted: the state as it is now, in as few lines as it takes.
  std::vector<json> state;
  for (const auto& [name, repo] : repositories_) {
    state.push_back({{"op", "repository"}, {"name", name}, {"created", repo->created_at}});
    for (const auto& [digest, size] : repo->layers)
      state.push_back(
          {{"op", "layer"}, {"id", ""}, {"repository", name}, {"digest", digest}, {"size", size}});
  }
  for (const auto& [id, up] : uploads_) {
    const auto& j = open.at(id);
    state.push_back(
        {{"op", "upload"}, {"id", id}, {"repository", up->repository}, {"time", j.last_activity}});
    for (const auto& p : j.parts)
      state.push_back(
          {{"op", "part"}, {"id", id}, {"size", p.size}, {"next", p.next}, {"time", p.time}});
  }
  journal_->rewrite(state);
  sync_dir(store_.uploads_dir());
  rec.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace ulp::reference
