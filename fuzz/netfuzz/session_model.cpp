#include "fuzz/netfuzz/session_model.hpp"

#include "core/aws_json.hpp"
#include "core/base64.hpp"

namespace ulp::netfuzz {

using nlohmann::json;

void SessionModel::repository_created(const std::string& template_name) {
  repositories_[template_name];
}

bool SessionModel::repository_exists(const std::string& template_name) const {
  return repositories_.count(template_name) > 0;
}

const std::set<std::string>& SessionModel::layers(const std::string& template_name) const {
  static const std::set<std::string> none;
  auto it = repositories_.find(template_name);
  return it == repositories_.end() ? none : it->second;
}

const UploadState* SessionModel::upload_by_reference_id(const std::string& id) const {
  for (const auto& u : uploads_)
    if (u.reference_id == id) return &u;
  return nullptr;
}

std::optional<std::string> SessionModel::repository_named(const std::string& name) const {
  for (const auto& [template_name, layers] : repositories_) {
    auto it = reference_bindings.find(template_name);
    if (it != reference_bindings.end() && it->second == name) return template_name;
  }
  return std::nullopt;
}

std::int64_t SessionModel::open_uploads(const std::string& template_name) const {
  std::int64_t n = 0;
  for (const auto& u : uploads_) n += u.repository == template_name && !u.completed;
  return n;
}

void SessionModel::apply(const Call& call, const Request& sent, const Response& reference,
                         const Response& endpoint) {
  if (!reference.ok() || !reference.json) return;
  const json& answer = *reference.json;
  auto parsed = aws_json::parse(sent.body.empty() ? "{}" : sent.body, 64);
  const json* body = std::get_if<json>(&parsed);
  if (!body || !body->is_object()) return;
  const std::string repository = body->value("repositoryName", "");
  if (call.op == "InitiateLayerUpload") {
    UploadState u;
    u.name = call.saves_upload.empty() ? next_upload_name() : call.saves_upload;
    u.repository = repository_named(repository).value_or("");
    u.reference_id = answer.value("uploadId", "");
    if (endpoint.ok() && endpoint.json && (*endpoint.json).contains("uploadId") &&
        (*endpoint.json)["uploadId"].is_string())
      u.endpoint_id = (*endpoint.json)["uploadId"].get<std::string>();
    reference_bindings[u.name] = u.reference_id;
    endpoint_bindings[u.name] = u.endpoint_id;
    uploads_.push_back(std::move(u));
    return;
  }
  UploadState* u = nullptr;
  for (auto& candidate : uploads_)
    if (candidate.reference_id == body->value("uploadId", "")) u = &candidate;
  if (!u) return;
  if (call.op == "UploadLayerPart") {
    std::string bytes = base64::decode(body->value("layerPartBlob", "")).value_or("");
    u->last_first = body->value("partFirstByte", std::int64_t{0});
    u->last_last = body->value("partLastByte", std::int64_t{0});
    u->next_byte = answer.value("lastByteReceived", std::int64_t{0}) + 1;
    u->bytes += static_cast<std::int64_t>(bytes.size());
    u->part_sizes.push_back(static_cast<std::int64_t>(bytes.size()));
    u->sha.update(bytes);
    u->last_part = std::move(bytes);
  } else if (call.op == "CompleteLayerUpload") {
    u->completed = true;
    repositories_[u->repository].insert(answer.value("layerDigest", ""));
  }
}

}  // namespace ulp::netfuzz
