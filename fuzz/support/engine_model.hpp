// A small model of the upload-session engine, written from spec/requirements.json (and the
// answers it records for PROBEs), independently of reference/engine.cpp: fuzz_engine runs
// every operation on both and checks that they agree.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/sha256.hpp"
#include "core/spec.hpp"

namespace ulp::fuzz {

struct ModelRepositoryRef {
  std::string registry_id;  // empty: the engine's own
  std::string name;
};

class EngineModel {
 public:
  struct Upload {
    std::string id, repository;
    std::int64_t next_byte = 0;  // where the next part must start
    std::int64_t bytes = 0;
    std::vector<std::int64_t> part_sizes;
    Sha256 sha;  // of the accepted bytes
    std::int64_t last_activity = 0;
    bool completed = false, gone = false;
    std::string digest() const { return sha.digest(); }
  };

  explicit EngineModel(Profile profile) : profile_(std::move(profile)) {}

  const Profile& profile() const { return profile_; }
  std::int64_t now = 0;  // seconds; the engine under test reads the same clock

  // The error the engine must answer with, or "" when it must succeed. They change nothing.
  std::string expect_create(const ModelRepositoryRef& ref) const;
  std::string expect_delete(const ModelRepositoryRef& ref, bool force) const;
  std::string expect_initiate(const ModelRepositoryRef& ref) const;
  std::string expect_part(const ModelRepositoryRef& ref, const std::string& upload_id,
                          std::int64_t first, std::int64_t last, std::int64_t size) const;
  std::string expect_complete(const ModelRepositoryRef& ref, const std::string& upload_id,
                              const std::vector<std::string>& digests) const;
  std::string expect_batch_check(const ModelRepositoryRef& ref) const;

  // What a success changes.
  void created(const std::string& name);
  void deleted(const std::string& name);
  void initiated(const std::string& repository, const std::string& upload_id);
  void part_accepted(const std::string& upload_id, std::string_view bytes, std::int64_t last);
  void completed(const std::string& repository, const std::string& upload_id);

  const Upload* upload(const std::string& id) const;
  const std::vector<std::string>& upload_ids() const { return order_; }  // as initiated
  bool repository_exists(const std::string& name) const { return repositories_.count(name) > 0; }
  // digest -> size of the layers completed in a repository.
  const std::map<std::string, std::int64_t>* layers(const std::string& repository) const;
  // Whether an upload takes parts: found in this repository, not ended.
  bool open(const ModelRepositoryRef& ref, const std::string& upload_id) const;

 private:
  bool foreign(const ModelRepositoryRef& ref) const;
  bool alive(const Upload& upload) const;
  std::string find_upload_error(const ModelRepositoryRef& ref, const std::string& id) const;

  Profile profile_;
  std::map<std::string, std::map<std::string, std::int64_t>> repositories_;  // name -> layers
  std::map<std::string, Upload> uploads_;
  std::vector<std::string> order_;
};

// "sha256:AB" and "SHA256:ab" name the same layer (the reference compares digests
// case-insensitively).
bool same_digest(const std::string& a, const std::string& b);

}  // namespace ulp::fuzz
