#include "reference/engine.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <optional>
#include <set>

#include "core/sha256.hpp"
#include "core/validate.hpp"
#include "reference/engine_state.hpp"

namespace ulp::reference {

using nlohmann::json;

namespace {

Error error(const std::string& type, json members = json::object()) {
  return Error{type, Spec::get().message(type), std::move(members)};
}

Error invalid_parameter(const std::string& message) {
  return Error{"InvalidParameterException", message, json::object()};
}

bool same_digest(std::string a, std::string b) {
  auto lower = [](std::string& s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  };
  lower(a);
  lower(b);
  return a == b;
}

}  // namespace

Engine::Engine(EngineOptions options)
    : options_(std::move(options)),
      store_(options_.data_dir,
             options_.in_memory ? LayerStore::Backing::memory : LayerStore::Backing::disk,
             options_.faults.get()),
      rng_(options_.seed) {
  if (!options_.data_dir.empty() && !options_.in_memory) {
    journal_ = std::make_unique<Journal>(store_.dir(), options_.fsync, options_.faults.get());
    recover();
  }
}

Engine::~Engine() {
  // A durable engine's open uploads stay on disk for the next start.
  if (journal_)
    for (auto& [id, up] : uploads_) up->file->keep_on_disk();
}

bool Engine::journal(const json& record) {
  return !journal_ || journal_->append(record);
}

bool Engine::journal_part(Upload& up, const json& line) {
  if (!journal_) return true;
  if (journal_->policy() == FsyncPolicy::always && !up.file->sync()) return false;
  return journal_->append(line);
}

std::optional<Error> Engine::lost_file(Upload& up) {
  if (up.file->still_named()) return std::nullopt;
  errno = ENOENT;
  return disk_fault("find the upload's file (it was removed; its name is back now)");
}

Error Engine::disk_fault(const std::string& what) const {
  return Error{"ServerException",
               "The registry could not " + what + ": " + std::strerror(errno) +
                   ". Nothing was changed; the request can be sent again.",
               json::object()};
}

bool Engine::hashed(Upload& up) {
  if (!up.rehash) return true;
  Sha256 sha;
  if (!up.file->hash_into(sha)) return false;
  up.sha = sha;
  up.rehash = false;
  return true;
}

std::int64_t Engine::now() const {
  if (options_.now_seconds) return options_.now_seconds();
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Engine::new_upload_id() {
  std::uint64_t hi, lo;
  {
    std::lock_guard lock(rng_mutex_);
    hi = rng_();
    lo = rng_();
  }
  hi = (hi & ~0xF000ull) | 0x4000ull;        // version 4
  lo = (lo & ~(3ull << 62)) | (2ull << 62);  // RFC 4122 variant
  char buf[37];
  if (options_.mutant == Mutant::bad_upload_id) {
    std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(hi),
                  static_cast<unsigned long long>(lo));
  } else {
    std::snprintf(buf, sizeof buf, "%08llx-%04llx-%04llx-%04llx-%012llx",
                  static_cast<unsigned long long>(hi >> 32),
                  static_cast<unsigned long long>((hi >> 16) & 0xFFFF),
                  static_cast<unsigned long long>(hi & 0xFFFF),
                  static_cast<unsigned long long>(lo >> 48),
                  static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
  }
  return buf;
}

namespace {
constexpr auto kMutantIdleLifetime = std::chrono::milliseconds(900);
// How long a race mutant waits, the upload's lock let go, for a request sent at the same
// instant on another connection: long enough for it to arrive, even on a loaded machine. A
// part's copy arrives only once its bytes are in, which takes longer the larger the part.
constexpr auto kMutantRaceWindow = std::chrono::milliseconds(100);
constexpr std::int64_t kMutantBytesPerMillisecond = 64 * 1024;
}  // namespace

Engine::Serving::Serving(Engine& engine) : engine_(engine) {
  if (engine_.options_.mutant != Mutant::short_upload_lifetime) return;
  std::lock_guard lock(engine_.serving_mutex_);
  if (engine_.serving_++ == 0 &&
      std::chrono::steady_clock::now() - engine_.quiet_since_ >= kMutantIdleLifetime)
    ++engine_.quiet_stretches_;
}

Engine::Serving::~Serving() {
  if (engine_.options_.mutant != Mutant::short_upload_lifetime) return;
  std::lock_guard lock(engine_.serving_mutex_);
  if (--engine_.serving_ == 0) engine_.quiet_since_ = std::chrono::steady_clock::now();
}

void Engine::race_window(Upload& up, std::unique_lock<std::mutex>& upload_lock,
                         std::int64_t part_bytes) {
  ++up.in_window;
  up.window.notify_all();
  // The lock is let go while waiting for a second request of the upload to reach its window;
  // that one finds the first there and goes on at once.
  const auto wait =
      kMutantRaceWindow + std::chrono::milliseconds(part_bytes / kMutantBytesPerMillisecond);
  up.window.wait_for(upload_lock, wait, [&] { return up.in_window >= 2; });
  --up.in_window;
}

bool Engine::alive(const Upload& upload) const {
  if (upload.gone) return false;
  if (upload.completed && options_.mutant != Mutant::part_after_complete) return false;
  if (options_.mutant == Mutant::short_upload_lifetime &&
      upload.quiet_stretches != quiet_stretches_.load())
    return false;
  return now() - upload.last_activity <= options_.profile.upload_lifetime_seconds;
}

Outcome<Engine::Repository*> Engine::find_repository(const RepositoryRef& ref) {
  // Another registry's repositories are not found here (ECR scopes them by account).
  if (!ref.registry_id.empty() && ref.registry_id != registry_id())
    return error("RepositoryNotFoundException");
  auto it = repositories_.find(ref.name);
  if (it == repositories_.end()) return error("RepositoryNotFoundException");
  return it->second.get();
}

Outcome<std::shared_ptr<Engine::Upload>> Engine::find_upload(const RepositoryRef& ref,
                                                             const std::string& id) {
  if (options_.mutant == Mutant::unknown_repository_created && ref.registry_id.empty()) {
    std::unique_lock lock(mutex_);
    if (!repositories_.count(ref.name)) add_repository_locked(ref.name);
  }
  std::shared_lock lock(mutex_);
  auto repo = find_repository(ref);
  if (auto* e = std::get_if<Error>(&repo)) return *e;
  auto it = uploads_.find(id);
  bool other_repository = it != uploads_.end() && it->second->repository != ref.name;
  if (it == uploads_.end() ||
      (other_repository && options_.mutant != Mutant::cross_repository_upload)) {
    if (options_.mutant == Mutant::unknown_upload_wrong_error)
      return error("InvalidLayerPartException");
    return error("UploadNotFoundException");
  }
  return it->second;
}

Engine::Repository& Engine::add_repository_locked(const std::string& name) {
  auto repo = std::make_unique<Repository>();
  repo->name = name;
  repo->created_at = now();
  auto& ref = *repo;
  repositories_[name] = std::move(repo);
  return ref;
}

json Engine::describe_locked(const Repository& repo) const {
  const std::string& region = options_.profile.region;
  return {
      {"repositoryArn", "arn:aws:ecr:" + region + ":" + registry_id() + ":repository/" + repo.name},
      {"registryId", registry_id()},
      {"repositoryName", repo.name},
      {"repositoryUri", registry_id() + ".dkr.ecr." + region + ".amazonaws.com/" + repo.name},
      {"createdAt", repo.created_at},
      {"imageTagMutability", "MUTABLE"},
      {"imageScanningConfiguration", {{"scanOnPush", false}}},
      {"encryptionConfiguration", {{"encryptionType", "AES256"}}},
  };
}

Outcome<json> Engine::create_repository(const RepositoryRef& ref) {
  if (!ref.registry_id.empty() && ref.registry_id != registry_id())
    return invalid_parameter("This registry is " + registry_id() + ", not " + ref.registry_id);
  std::unique_lock lock(mutex_);
  if (repositories_.count(ref.name)) return error("RepositoryAlreadyExistsException");
  const std::int64_t created = now();
  if (!journal({{"op", "repository"}, {"name", ref.name}, {"created", created}}))
    return disk_fault("record the new repository");
  Repository& r = add_repository_locked(ref.name);
  r.created_at = created;
  return describe_locked(r);
}

Outcome<json> Engine::delete_repository(const RepositoryRef& ref, bool force) {
  const Mutant m = options_.mutant;
  std::unique_lock lock(mutex_);
  auto repo = find_repository(ref);
  if (auto* e = std::get_if<Error>(&repo)) return *e;
  Repository& r = *std::get<Repository*>(repo);
  if (!r.layers.empty() && !force) return error("RepositoryNotEmptyException");
  if (!journal({{"op", "delete-repository"}, {"name", r.name}}))
    return disk_fault("record the deletion");
  json out = describe_locked(r);
  for (auto it = uploads_.begin(); it != uploads_.end() && m != Mutant::delete_keeps_uploads;) {
    if (it->second->repository == r.name) {
      it->second->gone = true;  // a part in flight sees it under the upload's own lock
      it = uploads_.erase(it);
    } else {
      ++it;
    }
  }
  repositories_.erase(r.name);
  return out;
}

// Counting the open uploads of a repository at every initiate would scan them all, which
// makes opening the 10,000 that ECR allows quadratic. So the count is an upper bound, made
// exact here: at a repository's limit, or when the table has doubled since the last sweep
// (so that ended uploads are freed in amortized constant time).
void Engine::sweep_locked() {
  for (auto& [name, repo] : repositories_) repo->open_uploads = 0;
  for (auto it = uploads_.begin(); it != uploads_.end();) {
    bool ended;
    {
      std::unique_lock upload_lock(it->second->mutex, std::try_to_lock);
      ended = upload_lock.owns_lock() && !alive(*it->second);
    }
    if (ended) {
      it = uploads_.erase(it);
      continue;
    }
    if (auto repo = repositories_.find(it->second->repository); repo != repositories_.end())
      ++repo->second->open_uploads;
    ++it;
  }
  sweep_at_ = std::max<std::size_t>(kMinSweep, 2 * uploads_.size());
}

void Engine::forget(const Upload& up) {
  std::unique_lock lock(mutex_);
  auto it = uploads_.find(up.id);
  if (it == uploads_.end() || it->second.get() != &up) return;
  if (auto repo = repositories_.find(up.repository); repo != repositories_.end())
    --repo->second->open_uploads;
  uploads_.erase(it);
}

Outcome<Initiated> Engine::initiate_layer_upload(const RepositoryRef& ref) {
  if (options_.mutant == Mutant::unknown_repository_created && ref.registry_id.empty()) {
    std::unique_lock lock(mutex_);
    if (!repositories_.count(ref.name)) add_repository_locked(ref.name);
  }
  std::unique_lock lock(mutex_);
  auto repo = find_repository(ref);
  if (auto* e = std::get_if<Error>(&repo)) return *e;
  Repository& r = *std::get<Repository*>(repo);
  const std::int64_t limit = options_.profile.max_open_uploads_per_repository +
                             (options_.mutant == Mutant::open_uploads_off_by_one);
  if (r.open_uploads >= limit || uploads_.size() >= sweep_at_) sweep_locked();
  if (r.open_uploads >= limit) return error("LimitExceededException");
  auto upload = std::make_shared<Upload>();
  upload->id = new_upload_id();
  upload->repository = ref.name;
  upload->last_activity = now();
  upload->quiet_stretches = quiet_stretches_.load();
  if (!journal({{"op", "upload"},
                {"id", upload->id},
                {"repository", ref.name},
                {"time", upload->last_activity}}))
    return disk_fault("record the new upload");
  ++r.open_uploads;
  upload->file = store_.open_upload(upload->id, durable());
  uploads_[upload->id] = upload;
  return Initiated{registry_id(), upload->id,
                   options_.profile.part_size + (options_.mutant == Mutant::odd_part_size)};
}

Error Engine::invalid_part(const Upload& upload, const Part& part) const {
  json members = {{"registryId", registry_id()},
                  {"repositoryName", part.repository.name},
                  {"uploadId", upload.id}};
  // Before any byte arrived there is no last valid byte: the member is left out
  // (ULP-PROBE-LAST-VALID-INITIAL).
  if (options_.mutant == Mutant::wrong_last_valid_byte ||
      (options_.mutant == Mutant::initial_last_valid_zero && upload.next_byte == 0))
    members["lastValidByteReceived"] = upload.next_byte;
  else if (upload.next_byte > 0)
    members["lastValidByteReceived"] = upload.next_byte - 1;
  if (options_.mutant == Mutant::bare_part_error) members.erase("repositoryName");
  return error("InvalidLayerPartException", std::move(members));
}

Outcome<PartAccepted> Engine::upload_layer_part(const Part& part) {
  const Mutant m = options_.mutant;
  auto found = find_upload(part.repository, part.upload_id);
  if (auto* e = std::get_if<Error>(&found)) return *e;
  Upload& up = *std::get<std::shared_ptr<Upload>>(found);
  std::unique_lock lock(up.mutex);
  if (!alive(up)) {
    forget(up);
    return error("UploadNotFoundException");
  }
  // A completion under way (only the race mutants let go of the lock during one).
  if (up.completing && m != Mutant::part_during_completion) return error("UploadNotFoundException");
  up.quiet_stretches = quiet_stretches_.load();  // any call, accepted or not, ends the idling
  if (!hashed(up)) return disk_fault("read the upload's bytes back");

  const std::int64_t size = part.size();
  const std::int64_t max = options_.profile.max_part_bytes;
  if (size > max && m == Mutant::oversize_part_wrong_error) return error("LimitExceededException");
  if ((size > max && m != Mutant::no_max_part_check) ||
      (size == max && m == Mutant::max_part_off_by_one))
    return invalid_parameter(
        "Invalid parameter at 'layerPartBlob' failed to satisfy constraint: "
        "'Member must have length less than or equal to " +
        std::to_string(max) + "'");
  // Inclusive positions: the range holds last - first + 1 bytes, and never none.
  bool length_ok = part.last_byte >= part.first_byte && size > 0 &&
                   static_cast<std::uint64_t>(part.last_byte - part.first_byte) ==
                       static_cast<std::uint64_t>(size) - 1;
  if (m == Mutant::reversed_range_accepted && part.last_byte < part.first_byte)
    return PartAccepted{registry_id(), part.repository.name, up.id, up.next_byte - 1};
  if (!length_ok && m == Mutant::empty_blob_wrong_error && size == 0)
    return invalid_parameter("layerPartBlob is empty");
  if (!length_ok && m == Mutant::length_error_parameter && size > 0)
    return invalid_parameter("layerPartBlob's length differs from its range");
  if (!length_ok && m != Mutant::no_length_check) return invalid_part(up, part);
  // The part just accepted, again: taken as a success that stores nothing.
  if (m == Mutant::resend_accepted && !up.part_sizes.empty() &&
      part.last_byte == up.next_byte - 1 && size == up.part_sizes.back())
    return PartAccepted{registry_id(), part.repository.name, up.id, part.last_byte};
  if (m == Mutant::small_part_ends_upload && !up.part_sizes.empty() &&
      up.part_sizes.back() == options_.profile.min_part_bytes - 1)
    return error("LayerPartTooSmallException");

  std::int64_t expected = up.next_byte;
  if (m == Mutant::next_part_off_by_one && expected > 0) ++expected;
  bool position_ok = part.first_byte == expected ||
                     (m == Mutant::first_part_anywhere && up.next_byte == 0) ||
                     (m == Mutant::accept_gap && part.first_byte > expected) ||
                     (m == Mutant::accept_overlap && part.first_byte < expected);
  if (!position_ok) {
    Error refused = invalid_part(up, part);
    if (m == Mutant::refusal_advances && store(up, part, size)) {
      up.next_byte += size;
      up.part_sizes.push_back(size);
    }
    return refused;
  }

  const Profile& p = options_.profile;
  if ((static_cast<std::int64_t>(up.part_sizes.size()) >= p.max_parts_per_layer &&
       m != Mutant::no_max_parts) ||
      up.file->size() + size > p.max_layer_bytes)
    return error("LimitExceededException");

  // What was checked may be stale after the window: unlocked-part-check does not look again;
  // part-during-completion looks at the position again, but not at a completion under way.
  if (m == Mutant::unlocked_part_check || m == Mutant::part_during_completion) {
    race_window(up, lock, size);
    if (m == Mutant::part_during_completion && part.first_byte != up.next_byte)
      return invalid_part(up, part);
  }
  const std::int64_t stored = m == Mutant::drop_bytes && size >= 2 ? size - 1 : size;
  if (auto e = lost_file(up)) return *e;
  const std::int64_t before = up.file->size();
  const Sha256 sha_before = up.sha;
  if (!store(up, part, stored)) return disk_fault("store the part");
  const std::int64_t at = now();
  const json line = {
      {"op", "part"}, {"id", up.id}, {"size", stored}, {"next", part.last_byte + 1}, {"time", at}};
  if (m == Mutant::ack_before_durable) {
    // The line of the part before goes now; this one waits for the next call.
    if (up.unrecorded && !journal(*up.unrecorded)) return disk_fault("record the part");
    up.unrecorded = line;
  } else if (!journal_part(up, line)) {
    const int e = errno;
    up.file->cut_to(before);
    up.sha = sha_before;
    errno = e;
    return disk_fault("record the part");
  }
  up.next_byte = part.last_byte + 1;
  up.part_sizes.push_back(size);
  up.last_activity = at;

  PartAccepted out{registry_id(), part.repository.name, up.id, part.last_byte};
  if (m == Mutant::exclusive_last_byte) ++out.last_byte_received;
  if (m == Mutant::no_echo) out.registry_id.clear();
  return out;
}

bool Engine::store(Upload& up, const Part& part, std::int64_t n) {
  if (part.staged) return part.staged->commit_to(up.id, *up.file, up.sha, n);
  const std::string_view bytes = part.bytes.substr(0, static_cast<std::size_t>(n));
  if (!up.file->append(bytes)) return false;
  up.sha.update(bytes);
  return true;
}

std::optional<RunningDigest> Engine::running_digest(const std::string& upload_id) {
  std::shared_ptr<Upload> up;
  {
    std::shared_lock lock(mutex_);
    auto it = uploads_.find(upload_id);
    if (it == uploads_.end()) return std::nullopt;
    up = it->second;
  }
  std::lock_guard lock(up->mutex);
  if (!hashed(*up)) return std::nullopt;
  return RunningDigest{up->sha, up->file->size()};
}

Outcome<Completed> Engine::complete_layer_upload(const RepositoryRef& ref,
                                                 const std::string& upload_id,
                                                 const std::vector<std::string>& layer_digests) {
  const Mutant m = options_.mutant;
  auto found = find_upload(ref, upload_id);
  if (auto* e = std::get_if<Error>(&found)) return *e;
  Upload& up = *std::get<std::shared_ptr<Upload>>(found);
  std::unique_lock lock(up.mutex);
  if (!alive(up)) {
    forget(up);
    return error("UploadNotFoundException");
  }
  if (up.completing && m != Mutant::completion_twice) return error("UploadNotFoundException");
  if (!hashed(up)) return disk_fault("read the upload's bytes back");
  if (up.part_sizes.empty() && m != Mutant::empty_upload_completes)
    return error("EmptyUploadException");
  for (std::size_t i = 0; i + 1 < up.part_sizes.size(); ++i)
    if (up.part_sizes[i] < options_.profile.min_part_bytes && m != Mutant::small_parts_complete)
      return error("LayerPartTooSmallException");
  // Every listed digest must be the layer's (CLU-PROBE-SEVERAL-DIGESTS), checked before
  // existence (CLU-PROBE-CHECK-ORDER).
  const std::string digest = up.sha.digest();
  std::unique_lock repos(mutex_, std::defer_lock);
  auto existing = [&]() -> std::optional<Error> {
    repos.lock();
    auto repo = find_repository(ref);
    if (auto* e = std::get_if<Error>(&repo)) return *e;
    if (std::get<Repository*>(repo)->layers.count(digest) && m != Mutant::layer_exists_ignored)
      return error("LayerAlreadyExistsException");
    return std::nullopt;
  };
  if (m == Mutant::existence_checked_first)
    if (auto e = existing()) return *e;
  for (std::size_t i = 0; i < layer_digests.size(); ++i)
    if (!same_digest(layer_digests[i], digest) && m != Mutant::digest_not_checked &&
        !(m == Mutant::first_digest_only && i > 0))
      return error("InvalidLayerException");
  if (m != Mutant::existence_checked_first)
    if (auto e = existing()) return *e;
  if (m == Mutant::part_during_completion || m == Mutant::completion_twice) {
    up.completing = true;
    repos.unlock();  // taken after the upload's lock, so let go first and taken again after
    race_window(up, lock, 0);
    repos.lock();
  }
  auto still = find_repository(ref);  // the race mutants' window may have seen it deleted
  if (auto* e = std::get_if<Error>(&still)) return *e;
  Repository& r = *std::get<Repository*>(still);
  if (up.unrecorded) {  // the ack-before-durable mutant's last part
    if (!journal(*up.unrecorded)) return disk_fault("record the part");
    up.unrecorded.reset();
  }
  if (auto e = lost_file(up)) return *e;
  // The layer gets its name, then the journal says so, then the upload's name goes: a crash
  // at any point leaves either the upload whole or the layer recorded.
  if (!store_.commit(*up.file, digest.substr(digest.find(':') + 1), durable()))
    return disk_fault("store the layer");
  if (!journal({{"op", "layer"},
                {"id", up.id},
                {"repository", r.name},
                {"digest", digest},
                {"size", up.file->size()}}))
    return disk_fault("record the layer");
  r.layers[digest] = up.file->size();
  up.completed = true;
  if (m != Mutant::part_after_complete) {
    uploads_.erase(up.id);
    --r.open_uploads;
  }

  Completed out{registry_id(), ref.name, up.id, digest};
  if (m == Mutant::wrong_digest_format) out.layer_digest = digest.substr(digest.find(':') + 1);
  return out;
}

Outcome<json> Engine::batch_check_layer_availability(const RepositoryRef& ref,
                                                     const std::vector<std::string>& digests) {
  std::shared_lock lock(mutex_);
  auto repo = find_repository(ref);
  if (auto* e = std::get_if<Error>(&repo)) return *e;
  const Repository& r = *std::get<Repository*>(repo);
  json layers = json::array(), failures = json::array();
  for (const auto& d : digests) {
    if (validate("LayerDigest", d)) {
      failures.push_back({{"layerDigest", d},
                          {"failureCode", "InvalidLayerDigest"},
                          {"failureReason", "Invalid layer digest"}});
      continue;
    }
    auto it = std::find_if(r.layers.begin(), r.layers.end(),
                           [&](const auto& layer) { return same_digest(layer.first, d); });
    if (it == r.layers.end()) {
      failures.push_back({{"layerDigest", d},
                          {"failureCode", options_.mutant == Mutant::bcla_wrong_failure_code
                                              ? "InvalidLayerDigest"
                                              : "MissingLayerDigest"},
                          {"failureReason", "Could not find layer with digest " + d}});
    } else {
      layers.push_back({{"layerDigest", it->first},
                        {"layerAvailability", "AVAILABLE"},
                        {"layerSize", it->second},
                        {"mediaType", "application/vnd.docker.image.rootfs.diff.tar.gzip"}});
    }
  }
  return json{{"layers", layers}, {"failures", failures}};
}

}  // namespace ulp::reference
