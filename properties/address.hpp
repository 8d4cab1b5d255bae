// Whom a request names: registry, repository and upload. Besides the upload as it is, a
// request may name the registry explicitly, another registry, the other repository, a
// repository that does not exist, or an upload ID no upload has.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "properties/model.hpp"
#include "properties/prediction.hpp"

namespace ulp::properties {

struct Addressing {
  enum class Kind {
    as_is,
    own_registry,        // registryId: the registry's own
    other_registry,      // registryId: `value`, a valid ID of another registry
    other_repository,    // the repository the upload is not in
    unknown_repository,  // repositoryName: `value`, valid but no repository's
    unknown_upload,      // uploadId: `value`, valid but no upload's
  };
  Kind kind = Kind::as_is;
  std::string value;
};

std::string describe(const Addressing& a);  // "" for as_is, else " naming ..." and the like

// The members registryId and repositoryName for repository `repository` addressed so.
nlohmann::json repository_fields(const Model& m, int repository, const Addressing& a);
// ... and uploadId, for upload `slot`.
nlohmann::json upload_fields(const Model& m, int slot, const Addressing& a);

// The refusal a request for repository `repository` earns before it reaches any upload
// (another registry, no such repository), in the order the reference checks; nullopt when it
// reaches the repository.
std::optional<Prediction> repository_refusal(const Model& m, const std::string& operation,
                                             const Addressing& a);
// ... and for upload `slot`: also no such upload, the other repository's, or completed;
// nullopt when it reaches an open upload.
std::optional<Prediction> upload_refusal(const Model& m, const std::string& operation, int slot,
                                         const Addressing& a);

}  // namespace ulp::properties
