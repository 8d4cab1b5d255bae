#include "conformance/case_environment.hpp"

#include <cstdio>

#include "conformance/matcher.hpp"
#include "core/sha256.hpp"

namespace ulp::conformance {

using nlohmann::json;

std::optional<std::int64_t> limit_named(const Profile& p, const std::string& name) {
  if (name == "minPartBytes") return p.min_part_bytes;
  if (name == "maxPartBytes") return p.max_part_bytes;
  if (name == "partSize") return p.part_size;
  if (name == "maxPartsPerLayer") return p.max_parts_per_layer;
  if (name == "maxLayerBytes") return p.max_layer_bytes;
  if (name == "uploadLifetimeSeconds") return p.upload_lifetime_seconds;
  if (name == "maxOpenUploadsPerRepository") return p.max_open_uploads_per_repository;
  return std::nullopt;
}

namespace {

std::optional<json> spec_constant(const std::string& name) {
  const Spec& spec = Spec::get();
  const Protocol& p = spec.protocol;
  if (name == "protocol.contentType") return p.content_type;
  if (name == "protocol.targetPrefix") return p.target_prefix;
  if (name == "protocol.targetHeader") return p.target_header;
  if (name == "protocol.requestIdHeader") return p.request_id_header;
  if (name == "protocol.errorTypeHeader") return p.error_type_header;
  if (name == "protocol.errorStatus.client") return p.client_error_status;
  if (name == "protocol.errorStatus.server") return p.server_error_status;
  if (name == "protocol.bodyOverheadBytes") return p.body_overhead_bytes;
  if (name == "protocol.maxJsonDepth") return p.max_json_depth;
  auto dot = name.rfind('.');
  if (dot == std::string::npos) return std::nullopt;
  auto shape = spec.shapes.find(name.substr(0, dot));
  if (shape == spec.shapes.end()) return std::nullopt;
  std::string field = name.substr(dot + 1);
  if (field == "min" && shape->second.min) return *shape->second.min;
  if (field == "max" && shape->second.max) return *shape->second.max;
  return std::nullopt;
}

}  // namespace

CaseEnvironment::CaseEnvironment(const Case& c, const RunSettings& settings,
                                 CaseRepositories& repositories)
    : case_(c),
      settings_(settings),
      repositories_(repositories),
      variables_(c.variables),
      uuids_(blob_key(settings.seed, c.id, "uuid", 0)) {}

json CaseEnvironment::resolve(const json& t) {
  if (t.is_string()) return evaluate_template(t.get<std::string>(), *this);
  if (t.is_object() && t.size() == 1 && t.contains("$blob")) {
    const json& b = t["$blob"];
    return (b.is_string() ? blob(b.get<std::string>()) : blob(b)).base64();
  }
  if (t.is_array()) {
    json out = json::array();
    for (const auto& v : t) out.push_back(resolve(v));
    return out;
  }
  if (t.is_object()) {
    json out = json::object();
    for (const auto& [k, v] : t.items()) out[k] = resolve(v);
    return out;
  }
  return t;
}

json CaseEnvironment::name(const std::string& n) {
  const std::string head = n.substr(0, n.find('.'));
  if (case_.variables.count(head) && !resolved_[head]) {
    resolved_[head] = true;
    variables_[head] = resolve(case_.variables.at(head));
  }
  if (auto it = variables_.find(n); it != variables_.end()) return it->second;
  if (head != n)
    if (auto it = variables_.find(head); it != variables_.end())
      if (const json* m = member_at(it->second, n.substr(head.size() + 1))) return *m;
  if (n == "repositoryName") return repositories_.main();
  if (n == "otherRepositoryName") return repositories_.other();
  if (n == "disposableRepositoryName") return repositories_.disposable();
  if (n == "unknownRepositoryName") return repositories_.unknown();
  if (n == "registryId") return repositories_.registry_id();
  if (n == "region") return settings_.region;
  if (auto limit = limit_named(settings_.limits, n)) return *limit;
  if (auto constant = spec_constant(n)) return *constant;
  throw ExpressionError("'" + n + "' has no value here");
}

std::int64_t CaseEnvironment::integer(const json& v) {
  return evaluate_integer(*parse_expression(expression_text(v)), *this);
}

const Blob& CaseEnvironment::blob(const std::string& name) {
  auto& slot = blobs_[name];
  if (!slot) {
    const BlobSpec& spec = case_.blobs.at(name);
    slot = std::make_unique<Blob>(blob_key(settings_.seed, case_.id, name, spec.seed),
                                  integer(spec.size));
  }
  return *slot;
}

const Blob& CaseEnvironment::blob(const json& inline_spec) {
  std::int64_t size = integer(inline_spec.at("size"));
  std::uint64_t seed = inline_spec.value("seed", std::uint64_t{0});
  std::string key = "(inline " + std::to_string(size) + " " + std::to_string(seed) + ")";
  auto& slot = blobs_[key];
  if (!slot) slot = std::make_unique<Blob>(blob_key(settings_.seed, case_.id, key, seed), size);
  return *slot;
}

json CaseEnvironment::call(const std::string& f, const std::vector<NodePtr>& args) {
  if (f == "size") {
    std::int64_t total = 0;
    for (const auto& a : args) total += static_cast<std::int64_t>(blob(a->text).bytes().size());
    return total;
  }
  if (f == "digest") {
    Sha256 sha;
    for (const auto& a : args) sha.update(blob(a->text).bytes());
    return sha.digest();
  }
  if (f == "repeat") {
    json s = evaluate(*args[0], *this);
    std::int64_t n = evaluate_integer(*args[1], *this);
    if (!s.is_string() || n < 0 || n > (1 << 20)) throw ExpressionError("repeat(string, 0..2^20)");
    std::string out;
    for (std::int64_t i = 0; i < n; ++i) out += s.get<std::string>();
    return out;
  }
  if (f == "replicate") {
    json v = evaluate(*args[0], *this);
    std::int64_t n = evaluate_integer(*args[1], *this);
    if (n < 0 || n > 100000) throw ExpressionError("replicate(value, 0..100000)");
    return json(std::vector<json>(static_cast<std::size_t>(n), v));
  }
  if (f == "uuid") {
    std::uint64_t hi = uuids_(), lo = uuids_();
    char buf[37];
    std::snprintf(buf, sizeof buf, "%08llx-%04llx-4%03llx-%04llx-%012llx",
                  static_cast<unsigned long long>(hi >> 32),
                  static_cast<unsigned long long>((hi >> 16) & 0xFFFF),
                  static_cast<unsigned long long>(hi & 0xFFF),
                  static_cast<unsigned long long>(((lo >> 48) & 0x3FFF) | 0x8000),
                  static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
    return std::string(buf);
  }
  if (f == "base64Size") {
    std::int64_t n = evaluate_integer(*args[0], *this);
    return 4 * ((n + 2) / 3);
  }
  throw ExpressionError("unknown function " + f);
}

}  // namespace ulp::conformance
