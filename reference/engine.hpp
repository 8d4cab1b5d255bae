// The reference engine: repositories, upload sessions and their byte-range state machine,
// and completed layers. Semantics exactly as spec/requirements.json states them; where
// AWS documents nothing (a PROBE), the engine gives the answer the spec records.
//
// Thread-safe: parts of different uploads proceed in parallel; parts racing on one upload
// are serialized, so at most one of them is accepted for the same bytes.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/sha256.hpp"
#include "core/spec.hpp"
#include "reference/file_io.hpp"
#include "reference/journal.hpp"
#include "reference/layer_store.hpp"
#include "reference/mutant.hpp"
#include "reference/staged_part.hpp"

namespace ulp::reference {

struct EngineOptions {
  Profile profile = Profile::load("ecr");
  // Empty: a temporary directory, gone with the engine. Named: durable. Every change is
  // journaled there and the engine starts from what it holds (reference/journal.hpp).
  std::filesystem::path data_dir;
  FsyncPolicy fsync = FsyncPolicy::always;
  std::shared_ptr<DiskFaults> faults;  // tests: writes fail on demand
  Mutant mutant = Mutant::none;
  std::uint64_t seed = std::random_device{}();  // upload IDs come from it
  std::function<std::int64_t()> now_seconds;    // empty: the system clock
  bool in_memory = false;  // layer bytes in memory, not under data_dir: fuzzing (fast, no files)
};

// An ECR error: its name (__type), message, and members such as lastValidByteReceived.
struct Error {
  std::string type;
  std::string message;
  nlohmann::json members = nlohmann::json::object();
};

template <class T>
using Outcome = std::variant<T, Error>;

struct RepositoryRef {
  std::string registry_id;  // empty: the engine's own registry
  std::string name;
};

struct Initiated {
  std::string registry_id, upload_id;
  std::int64_t part_size = 0;
};

struct Part {
  RepositoryRef repository;
  std::string upload_id;
  std::int64_t first_byte = 0, last_byte = 0;
  std::string_view bytes;
  const StagedPart* staged = nullptr;  // when set, the part's bytes (and `bytes` is unused)

  std::int64_t size() const {
    return staged ? staged->size() : static_cast<std::int64_t>(bytes.size());
  }
};

// An upload's digest so far, and how many bytes it covers.
struct RunningDigest {
  Sha256 sha;
  std::int64_t size = 0;
};

struct PartAccepted {
  std::string registry_id, repository_name, upload_id;
  std::int64_t last_byte_received = 0;
};

struct Completed {
  std::string registry_id, repository_name, upload_id, layer_digest;
};

// What the engine found in a durable data directory at start, and what it repaired.
struct Recovery {
  bool found = false;  // the directory held a journal
  std::int64_t repositories = 0, layers = 0, uploads = 0, upload_bytes = 0;
  // Bytes past an upload's acknowledged end (a part cut short by a crash), cut off.
  std::int64_t cut_uploads = 0, cut_bytes = 0;
  // Uploads whose file held fewer bytes than the journal (the disk did not keep them: a
  // power cut under a lax fsync policy), moved back to the last part boundary the file holds.
  std::int64_t rewound_uploads = 0, rewound_bytes = 0;
  std::int64_t expired_uploads = 0, leftover_files = 0, lost_layers = 0;
  bool torn_line = false;  // the journal's last line, cut short by a crash
  double seconds = 0;

  std::string summary(const std::filesystem::path& dir) const;  // one line for a person
};

class Engine {
 public:
  explicit Engine(EngineOptions options = {});
  ~Engine();

  Outcome<nlohmann::json> create_repository(const RepositoryRef& repository);  // "repository"
  Outcome<nlohmann::json> delete_repository(const RepositoryRef& repository, bool force);
  Outcome<Initiated> initiate_layer_upload(const RepositoryRef& repository);
  Outcome<PartAccepted> upload_layer_part(const Part& part);
  // For hashing a part as it arrives; nullopt when there is no such upload.
  std::optional<RunningDigest> running_digest(const std::string& upload_id);
  Outcome<Completed> complete_layer_upload(const RepositoryRef& repository,
                                           const std::string& upload_id,
                                           const std::vector<std::string>& layer_digests);
  Outcome<nlohmann::json> batch_check_layer_availability(const RepositoryRef& repository,
                                                         const std::vector<std::string>& digests);

  // A request in service, from its first byte to its answer (the Handler holds one per
  // request). Only the short-upload-lifetime mutant looks: its uploads expire after the server
  // has been quiet for a while, so that the time the other requests take never counts as idling.
  class Serving {
   public:
    explicit Serving(Engine& engine);
    ~Serving();
    Serving(const Serving&) = delete;
    Serving& operator=(const Serving&) = delete;

   private:
    Engine& engine_;
  };

  const Profile& profile() const { return options_.profile; }
  const std::string& registry_id() const { return options_.profile.registry_id; }
  Mutant mutant() const { return options_.mutant; }
  const std::filesystem::path& data_dir() const { return store_.dir(); }
  bool durable() const { return journal_ != nullptr; }
  const Recovery& recovery() const { return recovery_; }
  // Where a part's bytes wait while it arrives (reference/part_stream.hpp).
  std::unique_ptr<LayerStore::Stage> open_stage() { return store_.open_stage(); }

 private:
  struct Upload;
  struct Repository;

  std::int64_t now() const;
  std::string new_upload_id();
  // Rebuilds repositories_ and uploads_ from the journal, repairs, and compacts it.
  void recover();
  // Journals a change when durable; false (errno set) when the disk refused it.
  bool journal(const nlohmann::json& record);
  // Makes a part just stored durable: its bytes (under FsyncPolicy::always), then its line.
  bool journal_part(Upload& upload, const nlohmann::json& line);
  // An upload's file removed behind the server: put back, and the request refused (a fault).
  std::optional<Error> lost_file(Upload& upload);
  // The answer to a change the disk refused: a fault of the service, nothing changed.
  Error disk_fault(const std::string& what) const;
  // An upload recovered at start gets its running digest from its file on first use.
  bool hashed(Upload& upload);
  // The repository when the registry is ours and it exists; else the error to send.
  Outcome<Repository*> find_repository(const RepositoryRef& ref);
  Outcome<std::shared_ptr<Upload>> find_upload(const RepositoryRef& ref, const std::string& id);
  Error invalid_part(const Upload& upload, const Part& part) const;
  // Appends the first n bytes of the part to the upload and its digest; false on a write error.
  bool store(Upload& upload, const Part& part, std::int64_t n);
  bool alive(const Upload& upload) const;
  // The race mutants' window: the upload's lock let go until a second request of the upload
  // reaches its own window, or for a short while (longer for a larger part, whose copy takes
  // longer to arrive); taken again before it returns.
  void race_window(Upload& upload, std::unique_lock<std::mutex>& upload_lock,
                   std::int64_t part_bytes);
  // Drops ended uploads and counts each repository's open ones again; under mutex_.
  void sweep_locked();
  // Drops an upload found ended, at once: its caller has been told it is gone. Called with
  // the upload's own mutex held.
  void forget(const Upload& upload);
  Repository& add_repository_locked(const std::string& name);
  nlohmann::json describe_locked(const Repository& repository) const;

  EngineOptions options_;
  LayerStore store_;
  std::unique_ptr<Journal> journal_;  // when durable
  Recovery recovery_;
  std::mutex rng_mutex_;
  std::mt19937_64 rng_;
  mutable std::shared_mutex mutex_;  // repositories_ and uploads_; taken after an upload's own
  std::map<std::string, std::unique_ptr<Repository>> repositories_;
  std::map<std::string, std::shared_ptr<Upload>> uploads_;
  // Stretches of at least a mutant's idle lifetime with no request in service (see Serving).
  std::mutex serving_mutex_;
  int serving_ = 0;
  std::chrono::steady_clock::time_point quiet_since_ = std::chrono::steady_clock::now();
  std::atomic<std::uint64_t> quiet_stretches_{0};

  static constexpr std::size_t kMinSweep = 1024;
  std::size_t sweep_at_ = kMinSweep;  // uploads_ is swept when it grows to this size
};

}  // namespace ulp::reference
