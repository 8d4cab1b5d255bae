#include "core/spec.hpp"

#include "core/rate_limiter.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "spec/embedded.hpp"

namespace ulp {

using nlohmann::json;

namespace {

template <class Json>
Json parse_embedded(const std::string& name) {
  auto text = embedded_file(name);
  if (!text) throw std::runtime_error("spec/" + name + " is not compiled into this binary");
  try {
    return Json::parse(*text);
  } catch (const json::exception& e) {
    throw std::runtime_error("spec/" + name + ": " + e.what());
  }
}

}  // namespace

json embedded_json(const std::string& name) {
  return parse_embedded<json>(name);
}

const std::string* Shape::member_shape(const std::string& member_name) const {
  for (const auto& [m, s] : members)
    if (m == member_name) return &s;
  return nullptr;
}

bool Shape::is_required(const std::string& member_name) const {
  for (const auto& r : required)
    if (r == member_name) return true;
  return false;
}

namespace {

Shape read_shape(const std::string& name, const nlohmann::ordered_json& j) {
  Shape s;
  s.name = name;
  s.type = j.at("type");
  if (j.contains("min")) s.min = j["min"].get<std::int64_t>();
  if (j.contains("max")) s.max = j["max"].get<std::int64_t>();
  if (j.contains("pattern")) {
    s.pattern = j["pattern"];
    s.regex = std::make_shared<const Pattern>(s.pattern);
  }
  if (j.contains("enum")) s.enum_values = j["enum"].get<std::vector<std::string>>();
  if (j.contains("members")) {
    for (const auto& [m, shape] : j["members"].items()) s.members.emplace_back(m, shape);
    std::sort(s.members.begin(), s.members.end());
  }
  if (j.contains("required")) s.required = j["required"].get<std::vector<std::string>>();
  if (j.contains("member")) s.member = j["member"];
  s.exception = j.value("exception", false);
  s.fault = j.value("fault", false);
  return s;
}

}  // namespace

Spec::Spec() {
  model = parse_embedded<nlohmann::ordered_json>("model.json");
  model_metadata = model.at("metadata");
  for (const auto& [name, j] : model.at("shapes").items())
    shapes.emplace(name, read_shape(name, j));
  for (const auto& [name, j] : model.at("operations").items())
    operations.emplace(name, Operation{name, j.at("input"), j.at("output"), j.at("errors")});

  json p = embedded_json("protocol.json");
  protocol.content_type = p.at("contentType");
  protocol.target_header = p.at("targetHeader");
  protocol.target_prefix = p.at("targetPrefix");
  protocol.signing_name = p.at("signingName");
  protocol.request_id_header = p.at("requestIdHeader");
  protocol.error_type_header = p.at("errorTypeHeader");
  protocol.error_type_field = p.at("errorTypeField");
  protocol.client_error_status = p.at("errorStatus").at("client");
  protocol.server_error_status = p.at("errorStatus").at("server");
  protocol.body_overhead_bytes = p.at("bodyOverheadBytes");
  protocol.max_json_depth = p.at("maxJsonDepth");
  protocol.protocol_errors = p.at("protocolErrors").get<std::map<std::string, std::string>>();
  protocol.messages = p.at("messages").get<std::map<std::string, std::string>>();
  const json& retry = p.at("retry");
  protocol.retry.max_attempts = retry.at("maxAttempts");
  protocol.retry.max_backoff_seconds = retry.at("maxBackoffSeconds");
  protocol.retry.throttling_errors = retry.at("throttlingErrors").get<std::set<std::string>>();
  protocol.retry.transient_errors = retry.at("transientErrors").get<std::set<std::string>>();
  protocol.retry.throttling_statuses = retry.at("throttlingStatuses").get<std::set<int>>();
  protocol.retry.transient_statuses = retry.at("transientStatuses").get<std::set<int>>();
  protocol.retry.graded_statuses = retry.at("gradedStatuses").get<std::set<int>>();
  protocol.retry.throttled_status = retry.at("throttled").at("status");
  protocol.retry.throttled_type = retry.at("throttled").at("type");
  protocol.retry.throttled_message = retry.at("throttled").at("message");
  const json& auth = p.at("authentication");
  protocol.authentication.max_skew_seconds = auth.at("maxSkewSeconds");
  protocol.authentication.signed_requirement = auth.at("signedRequirement");
  protocol.authentication.errors_requirement = auth.at("errorTypesRequirement");
  for (const auto& [reason, refusal] : auth.at("refusals").items())
    protocol.authentication.refusals[reason] = {refusal.at("type"), refusal.at("message")};
  for (const auto& [mode, spoiling] : auth.at("spoiledSigning").items()) {
    if (mode.starts_with("_")) continue;
    if (!protocol.authentication.refusals.count(spoiling.at("refusal")))
      throw std::runtime_error("spec/protocol.json: spoiledSigning " + mode + ": no such refusal");
    protocol.authentication.spoilings[mode] = {spoiling.at("requirement"), spoiling.at("refusal")};
  }
}

const std::vector<Requirement>& Spec::requirements() const {
  std::call_once(requirements_read_, [this] {
    json r = embedded_json("requirements.json");
    for (const auto& j : r.at("requirements")) {
      Requirement q;
      q.id = j.at("id");
      q.level = j.at("level");
      q.category = j.at("category");
      q.operation = j.value("operation", "");
      q.statement = j.at("statement");
      q.reference = j.value("reference", "");
      if (j.contains("source")) q.sources = j["source"].get<std::vector<std::string>>();
      requirements_.push_back(std::move(q));
    }
  });
  return requirements_;
}

bool Authentication::refuses_with(const std::string& error_type) const {
  for (const auto& [reason, refusal] : refusals)
    if (refusal.type == error_type) return true;
  return false;
}

const Spec& Spec::get() {
  static const Spec spec;
  return spec;
}

const Shape& Spec::shape(const std::string& name) const {
  return shapes.at(name);
}

const Operation* Spec::operation(const std::string& name) const {
  auto it = operations.find(name);
  return it == operations.end() ? nullptr : &it->second;
}

const Requirement* Spec::requirement(const std::string& id) const {
  for (const auto& r : requirements())
    if (r.id == id) return &r;
  return nullptr;
}

std::string Spec::message(const std::string& error) const {
  auto it = protocol.messages.find(error);
  return it == protocol.messages.end() ? error : it->second;
}

std::size_t Spec::max_body_bytes(std::int64_t max_blob_bytes) const {
  return 4 * ((static_cast<std::size_t>(max_blob_bytes) + 2) / 3) + protocol.body_overhead_bytes;
}

Profile Profile::load(const std::string& name_or_path) {
  json j;
  if (embedded_file("profiles/" + name_or_path + ".json")) {
    j = embedded_json("profiles/" + name_or_path + ".json");
  } else {
    std::ifstream in(name_or_path);
    if (!in) throw std::runtime_error("profile '" + name_or_path + "': no such profile or file");
    try {
      j = json::parse(in);
    } catch (const json::exception& e) {
      throw std::runtime_error("profile " + name_or_path + ": " + e.what());
    }
  }
  try {
    Profile p;
    p.name = j.at("name");
    p.min_part_bytes = j.at("minPartBytes");
    // Unless a profile narrows it, the largest part is the model's LayerPartBlob max.
    p.max_part_bytes = j.contains("maxPartBytes") ? j["maxPartBytes"].get<std::int64_t>()
                                                  : *Spec::get().shape("LayerPartBlob").max;
    p.part_size = j.at("partSize");
    p.max_parts_per_layer = j.at("maxPartsPerLayer");
    p.max_layer_bytes = j.at("maxLayerBytes");
    p.upload_lifetime_seconds = j.at("uploadLifetimeSeconds");
    p.max_open_uploads_per_repository = j.at("maxOpenUploadsPerRepository");
    p.registry_id = j.at("registryId");
    p.region = j.at("region");
    p.requests_per_second = requests_per_second_of(j);
    return p;
  } catch (const json::exception& e) {
    throw std::runtime_error("profile " + name_or_path + ": " + e.what());
  }
}

}  // namespace ulp
