// The engine's own records of repositories and uploads: shared by reference/engine.cpp,
// which changes them, and reference/engine_recovery.cpp, which rebuilds them at start.
// Nothing outside the engine includes this.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/sha256.hpp"
#include "reference/engine.hpp"
#include "reference/layer_store.hpp"

namespace ulp::reference {

struct Engine::Repository {
  std::string name;
  std::int64_t created_at = 0;
  std::map<std::string, std::int64_t> layers;  // digest -> size
  // Its uploads that were open at the last sweep, plus those opened since: never fewer than
  // are open now (see Engine::sweep_locked).
  std::int64_t open_uploads = 0;
};

struct Engine::Upload {
  std::string id, repository;
  std::mutex mutex;
  std::unique_ptr<LayerStore::UploadFile> file;
  Sha256 sha;
  bool rehash = false;         // recovered at start: sha is made from the file when first needed
  std::int64_t next_byte = 0;  // the first byte the next part must start at
  std::vector<std::int64_t> part_sizes;
  std::int64_t last_activity = 0;
  std::uint64_t quiet_stretches = 0;  // the engine's count at its last call
  bool completed = false;
  // Its repository was deleted. Atomic: DeleteRepository sets it under the engine's mutex, and
  // cannot take the upload's own too (that lock comes first), while a part reads it under the
  // upload's lock alone. A part already past that check still lands, before the deletion.
  std::atomic<bool> gone{false};
  // The race mutants: a completion between its checks and its end, the lock let go; the
  // requests in their window, and their meeting there.
  bool completing = false;
  int in_window = 0;
  std::condition_variable window;
  // The ack-before-durable mutant: the journal line of the last part, written only with the
  // next call.
  std::optional<nlohmann::json> unrecorded;
};

}  // namespace ulp::reference
