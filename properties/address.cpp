#include "properties/address.hpp"

namespace ulp::properties {

using nlohmann::json;
using Kind = Addressing::Kind;

std::string describe(const Addressing& a) {
  switch (a.kind) {
    case Kind::as_is:
      return "";
    case Kind::own_registry:
      return ", naming the registry";
    case Kind::other_registry:
      return ", in registry " + a.value + " (another)";
    case Kind::other_repository:
      return ", through the other repository";
    case Kind::unknown_repository:
      return ", in repository " + a.value + " (none such)";
    case Kind::unknown_upload:
      return ", as upload ID " + a.value + " (none such)";
  }
  return "";
}

json repository_fields(const Model& m, int repository, const Addressing& a) {
  json out = json::object();
  if (a.kind == Kind::own_registry && !m.registry_id.empty()) out["registryId"] = m.registry_id;
  if (a.kind == Kind::other_registry) out["registryId"] = a.value;
  if (a.kind == Kind::unknown_repository)
    out["repositoryName"] = a.value;
  else
    out["repositoryName"] =
        m.repository_name(a.kind == Kind::other_repository ? 1 - repository : repository);
  return out;
}

json upload_fields(const Model& m, int slot, const Addressing& a) {
  const Upload& u = m.uploads.at(static_cast<std::size_t>(slot));
  json out = repository_fields(m, u.repository, a);
  out["uploadId"] = a.kind == Kind::unknown_upload ? a.value : u.id;
  return out;
}

std::optional<Prediction> repository_refusal(const Model& m, const std::string& operation,
                                             const Addressing& a) {
  const std::string not_found = "RepositoryNotFoundException";
  if (a.kind == Kind::other_registry) {
    // Undocumented: the reference finds no repository of another registry; any client error
    // does (an endpoint may deny access instead).
    Prediction p{operation, {Answer::refused(not_found, {}, "ULP-REPOSITORY-UNKNOWN")}};
    if (!m.exact()) p.also(Answer::any_refusal("ULP-REPOSITORY-UNKNOWN"));
    return p;
  }
  if (a.kind == Kind::unknown_repository)
    return Prediction{operation, {Answer::refused(not_found, {}, "ULP-REPOSITORY-UNKNOWN")}};
  return std::nullopt;
}

std::optional<Prediction> upload_refusal(const Model& m, const std::string& operation, int slot,
                                         const Addressing& a) {
  if (auto refused = repository_refusal(m, operation, a)) return refused;
  const std::string not_found = "UploadNotFoundException";
  if (a.kind == Kind::unknown_upload)
    return Prediction{operation, {Answer::refused(not_found, {}, "ULP-UPLOAD-UNKNOWN")}};
  if (a.kind == Kind::other_repository)
    return Prediction{operation, {Answer::refused(not_found, {}, "ULP-UPLOAD-OTHER-REPOSITORY")}};
  if (m.uploads.at(static_cast<std::size_t>(slot)).state == UploadState::completed) {
    // MUST: refused; which error is a PROBE (the reference: the upload is gone).
    Prediction p{
        operation,
        {Answer::refused(not_found, {}, "ULP-AFTER-COMPLETE, LIFE-PROBE-AFTER-COMPLETE-ERROR")}};
    p.probe(Answer::any_refusal("ULP-AFTER-COMPLETE"), "LIFE-PROBE-AFTER-COMPLETE-ERROR");
    return p;
  }
  return std::nullopt;
}

}  // namespace ulp::properties
