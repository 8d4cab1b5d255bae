// The model of upload sessions: what a registry that follows the spec holds after each
// request. Two repositories, any number of uploads, each with the parts it accepted; and the
// layers completed in each repository. The model holds no bytes (see content.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/grading.hpp"
#include "core/sigv4.hpp"
#include "properties/content.hpp"
#include "properties/limits.hpp"

namespace ulp::properties {

// What stays fixed for a whole sequence.
struct Settings {
  Limits limits;
  // true: the target must also give the reference's answers to undocumented points (PROBE
  // requirements). false: only what MUST and SHOULD requirements fix is compared.
  bool exact = true;
  GradingPolicy policy;  // which mismatches fail the sequence (core/grading.hpp)
  std::array<std::string, 2> repositories;
  std::string registry_id;  // the registry's ID; empty: learned from the target's first answer
  std::uint64_t nonce = 0;  // see content.hpp
  // What the target verifies signatures with (spoiled_signing.hpp); none: requests go
  // unsigned, and none is spoiled.
  std::optional<sigv4::Credentials> credentials;
  std::string region;
};

struct PartRecord {
  std::int64_t first = 0, size = 0;
  int seed = 0;
};

enum class UploadState {
  open,
  completed,
  not_opened,  // InitiateLayerUpload was refused (an open-upload limit)
  untracked,   // the spec leaves this upload's state open after an answer the target gave
};

struct Upload {
  int repository = 0;  // index into Settings::repositories
  std::string id;      // empty in the model RapidCheck generates with, before any answer
  UploadState state = UploadState::open;
  std::vector<PartRecord> parts;
  int refused_parts = 0;           // answers after a refusal rest on its having changed nothing
  int refused_since_accepted = 0;  // ... and a completion, first on that
  // Where the upload would stand had its parts refused since the last accepted one moved it
  // on: an answer that places it there is evidence against ULP-RANGE-NO-CHANGE.
  std::vector<std::int64_t> moved_to;

  std::int64_t next_byte() const;  // where the next part must start
  bool usable() const { return state == UploadState::open || state == UploadState::completed; }
};

// What an answer does to the model.
struct Effect {
  enum class Kind {
    none,
    open_upload,
    upload_not_opened,
    accept_part,
    refuse_part,
    complete_upload,
    untrack
  };
  Kind kind = Kind::none;
  int slot = -1;       // the upload (index into Model::uploads)
  int repository = 0;  // open_upload, upload_not_opened
  PartRecord part;     // accept_part, refuse_part
};

class Model {
 public:
  explicit Model(std::shared_ptr<const Settings> settings);

  const Settings& settings() const { return *settings_; }
  const Limits& limits() const { return settings_->limits; }
  bool exact() const { return settings_->exact; }

  std::vector<Upload> uploads;
  std::array<std::vector<LayerKey>, 2> layers;  // completed in each repository
  std::string registry_id;                      // known or learned; empty: not yet known

  // `upload_id`: what the target answered, for open_upload.
  void apply(const Effect& effect, const std::string& upload_id = "");

  int open_uploads(int repository) const;
  bool has_layer(int repository, const LayerKey& key) const;
  LayerKey layer_key(const Upload& upload) const;
  // "sha256:<hex>" of the bytes the upload accepted, as sent (nonce included).
  std::string layer_digest(const Upload& upload) const;
  std::string part_bytes(const PartRecord& part) const;
  const std::string& repository_name(int repository) const;

 private:
  std::shared_ptr<const Settings> settings_;
  // Digests already computed, by the parts they are of: a layer of tens of megabytes is
  // hashed once, not for the request and again for the answer. Shared by copies of the model;
  // the key is the parts themselves, so that copies that went different ways never mix.
  std::shared_ptr<std::map<std::string, std::string>> digests_;
};

}  // namespace ulp::properties
