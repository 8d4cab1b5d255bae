// What one sequence has done so far, as the reference answered it: the repositories, the
// uploads (by their index k, the name ${uploadId<k>}, and each side's ID), where each
// expects its next part, the bytes it has taken, the layers completed. The generator reads
// it to make mostly well-formed calls; the analyzer reads it to say what the spec expects.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/sha256.hpp"
#include "core/spec.hpp"
#include "core/target.hpp"
#include "fuzz/netfuzz/call.hpp"

namespace ulp::netfuzz {

struct UploadState {
  std::string name;        // "uploadId3"
  std::string repository;  // the template name: "repositoryName" or "otherRepositoryName"
  std::string reference_id, endpoint_id;
  std::int64_t next_byte = 0;  // where the next part must start
  std::int64_t bytes = 0;
  std::vector<std::int64_t> part_sizes;
  std::int64_t last_first = -1, last_last = -1;  // the last accepted part's range
  std::string last_part;                         // and its bytes
  Sha256 sha;                                    // of the accepted bytes
  bool completed = false;
  std::string digest() const { return sha.digest(); }
};

class SessionModel {
 public:
  explicit SessionModel(Profile profile) : profile_(std::move(profile)) {}

  const Profile& profile() const { return profile_; }
  Bindings reference_bindings, endpoint_bindings;

  void repository_created(const std::string& template_name);
  bool repository_exists(const std::string& template_name) const;
  const std::set<std::string>& layers(const std::string& template_name) const;

  // After a call the reference answered: what it changed.
  void apply(const Call& call, const Request& sent_to_reference, const Response& reference,
             const Response& endpoint);

  std::vector<UploadState>& uploads() { return uploads_; }
  const std::vector<UploadState>& uploads() const { return uploads_; }
  const UploadState* upload_by_reference_id(const std::string& id) const;
  std::string next_upload_name() const { return "uploadId" + std::to_string(uploads_.size()); }
  // The template name of a repository the reference knows by this name, if any.
  std::optional<std::string> repository_named(const std::string& reference_name) const;
  std::int64_t open_uploads(const std::string& template_name) const;

 private:
  Profile profile_;
  std::map<std::string, std::set<std::string>> repositories_;  // template name -> layer digests
  std::vector<UploadState> uploads_;
};

}  // namespace ulp::netfuzz
