#include "fuzz/netfuzz/expectation.hpp"

#include <algorithm>

#include "core/aws_json.hpp"
#include "core/base64.hpp"
#include "core/spec.hpp"
#include "core/validate.hpp"

namespace ulp::netfuzz {

using nlohmann::json;

namespace {

const std::string kIpe = "InvalidParameterException";
const std::string kSerialization = "SerializationException";
const std::string kInvalidPart = "InvalidLayerPartException";

// Top-level members named twice: JSON leaves their meaning open.
class DuplicateMembers : public json::json_sax_t {
 public:
  bool found = false;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return ++depth_, true; }
  bool end_object() override { return --depth_, true; }
  bool start_array(std::size_t) override { return ++depth_, true; }
  bool end_array() override { return --depth_, true; }
  bool key(string_t& k) override {
    if (depth_ == 1 && !keys_.insert(k).second) found = true;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  int depth_ = 0;
  std::set<std::string> keys_;
};

bool type_error(const Invalid& bad) {
  return bad.constraint.starts_with("Member must be a ") ||
         bad.constraint.starts_with("Member must be an ");
}

// A validation failure (core/validate.hpp) as the requirement it breaks.
Fault validation_fault(const std::string& op, const Invalid& bad) {
  const std::string member = bad.field.substr(0, bad.field.find_first_of(".["));
  const std::string why = bad.message();
  if (bad.constraint == "Member must not be null")
    return {"VAL-REQUIRED", Level::must, {kIpe}, why};
  if (type_error(bad)) return {"VAL-TYPES", Level::should, {kIpe, kSerialization}, why};
  if (member == "registryId") return {"VAL-REGISTRY-ID", Level::must, {kIpe}, why};
  if (member == "repositoryName") return {"VAL-REPOSITORY-NAME", Level::must, {kIpe}, why};
  if (member == "uploadId") return {"VAL-UPLOAD-ID", Level::must, {kIpe}, why};
  if (member == "partFirstByte" || member == "partLastByte")
    return {"VAL-POSITION", Level::must, {kIpe}, why};
  if (member == "layerPartBlob" && bad.constraint.find("base64") != std::string::npos)
    return {"VAL-BLOB-BASE64", Level::should, {kIpe, kSerialization}, why};
  if (member == "layerPartBlob")  // which error is ULP-PROBE-MAX-PART-ERROR
    return {"ULP-SIZE-MAX-PART", Level::must, {}, why};
  if (member == "layerDigests" && op == "CompleteLayerUpload")
    return {"VAL-DIGESTS", Level::must, {kIpe}, why};
  return {"PROBE:model-constraint", Level::probe, {}, why};
}

const std::string* string_member(const json& body, const char* name) {
  auto it = body.find(name);
  return it != body.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

std::optional<std::int64_t> long_member(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || !it->is_number_integer()) return std::nullopt;
  if (it->is_number_unsigned() && it->get<std::uint64_t>() > INT64_MAX) return std::nullopt;
  return it->get<std::int64_t>();
}

struct Analysis {
  explicit Analysis(const SessionModel& s) : session(s), limits(s.profile()) {}
  const SessionModel& session;
  const Profile& limits;
  std::vector<Fault> faults;

  void add(std::string requirement, Level level, std::set<std::string> errors, std::string why) {
    faults.push_back({std::move(requirement), level, std::move(errors), std::move(why)});
  }

  // The repository and upload a call names, as far as they are well-formed; faults for
  // what does not exist. Returns the upload when it takes parts.
  const UploadState* find(const std::string& op, const json& body) {
    const std::string* name = string_member(body, "repositoryName");
    const std::string* registry = string_member(body, "registryId");
    if (registry && !validate("RegistryId", *registry) &&
        *registry != session.reference_bindings.at("registryId"))
      add("PROBE:foreign-registry", Level::probe, {},
          "registryId " + *registry + " is not the endpoint's");
    std::optional<std::string> repository;
    if (name && !validate("RepositoryName", *name)) {
      repository = session.repository_named(*name);
      if (!repository)
        add("ULP-REPOSITORY-UNKNOWN", Level::must, {"RepositoryNotFoundException"},
            "no repository " + *name);
    }
    if (op != "UploadLayerPart" && op != "CompleteLayerUpload") return nullptr;
    const std::string* id = string_member(body, "uploadId");
    if (!id || validate("UploadId", *id)) return nullptr;
    const UploadState* u = session.upload_by_reference_id(*id);
    if (!u) {
      add("ULP-UPLOAD-UNKNOWN", Level::must, {"UploadNotFoundException"}, "no upload " + *id);
      return nullptr;
    }
    if (repository && u->repository != *repository) {
      add("ULP-UPLOAD-OTHER-REPOSITORY", Level::must, {"UploadNotFoundException"},
          "upload " + u->name + " is another repository's");
      return nullptr;
    }
    if (u->completed) {  // the error is LIFE-PROBE-AFTER-COMPLETE-ERROR
      add("ULP-AFTER-COMPLETE", Level::must, {}, "upload " + u->name + " is completed");
      return nullptr;
    }
    return repository ? u : nullptr;
  }

  void part(const UploadState& u, const json& body) {
    auto first = long_member(body, "partFirstByte"), last = long_member(body, "partLastByte");
    const std::string* text = string_member(body, "layerPartBlob");
    if (!first || !last || !text || *first < 0 || *last < 0) return;
    auto bytes = base64::decode(*text);
    if (!bytes) return;
    const auto n = static_cast<std::int64_t>(bytes->size());
    const std::string range = "bytes " + std::to_string(*first) + "-" + std::to_string(*last);
    if (n > limits.max_part_bytes)
      add("ULP-SIZE-MAX-PART", Level::must, {},
          std::to_string(n) + " bytes, over the maximum " + std::to_string(limits.max_part_bytes));
    if (n == 0)
      add("ULP-PROBE-EMPTY-BLOB", Level::probe, {}, "an empty blob");
    else if (n < limits.min_part_bytes)
      add("ULP-PROBE-MIN-PART-ON-UPLOAD", Level::probe, {},
          std::to_string(n) + " bytes, under the minimum part size");
    if (*last < *first)
      add("ULP-RANGE-ORDER", Level::should, {kInvalidPart, kIpe}, range + ": last before first");
    else if (n > 0 && *last - *first != n - 1)
      add("ULP-RANGE-LENGTH", Level::must, {},
          range + " holds " + std::to_string(*last - *first + 1) + " bytes, the blob " +
              std::to_string(n));
    if (*first != u.next_byte) {
      const std::string where = "first byte " + std::to_string(*first) + ", the upload expects " +
                                std::to_string(u.next_byte);
      if (*first == u.last_first && *last == u.last_last && *bytes == u.last_part)
        add("ULP-PROBE-RESEND-LAST", Level::probe, {}, "the last part again");
      else if (u.next_byte == 0)
        add("ULP-RANGE-FIRST-AT-ZERO", Level::must, {kInvalidPart}, where);
      else if (*first > u.next_byte)
        add("ULP-RANGE-GAP", Level::must, {kInvalidPart}, where);
      else
        add("ULP-RANGE-OVERLAP", Level::must, {kInvalidPart}, where);
    }
    if (static_cast<std::int64_t>(u.part_sizes.size()) >= limits.max_parts_per_layer ||
        u.bytes + n > limits.max_layer_bytes)
      add("ULP-PROBE-MAX-PARTS", Level::probe, {}, "past the parts or bytes of a layer");
  }

  void completion(const UploadState& u, const json& body) {
    if (u.part_sizes.empty())
      add("CLU-EMPTY-UPLOAD", Level::must, {"EmptyUploadException"}, "no part was accepted");
    for (std::size_t i = 0; i + 1 < u.part_sizes.size(); ++i)
      if (u.part_sizes[i] < limits.min_part_bytes) {
        add("CLU-SIZE-MIN-PART", Level::must, {"LayerPartTooSmallException"},
            "part " + std::to_string(i + 1) + " has " + std::to_string(u.part_sizes[i]) + " bytes");
        break;
      }
    auto digests = body.find("layerDigests");
    if (digests == body.end() || !digests->is_array() || digests->empty()) return;
    if (digests->size() > 1)
      add("CLU-PROBE-SEVERAL-DIGESTS", Level::probe, {},
          std::to_string(digests->size()) + " digests");
    const std::string layer = u.digest();
    const json& d = digests->front();
    if (!d.is_string() || validate("LayerDigest", d)) return;
    const std::string digest = d.get<std::string>();
    std::string lower = digest;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    const bool exists = session.layers(u.repository).count(layer) > 0;
    if (digest != layer && lower == layer)
      add("PROBE:digest-case", Level::probe, {}, "the layer's digest in upper case");
    else if (digest != layer)
      add("CLU-DIGEST-MISMATCH", Level::must, {"InvalidLayerException"}, "the layer is " + layer);
    if (exists && lower == layer)
      add("CLU-LAYER-EXISTS", Level::must, {"LayerAlreadyExistsException"},
          "the repository has " + layer);
    else if (exists)  // which check comes first
      add("CLU-PROBE-CHECK-ORDER", Level::probe,
          {"InvalidLayerException", "LayerAlreadyExistsException"},
          "a wrong digest for a layer the repository has");
  }
};

}  // namespace

namespace {

// The body without its unknown members, when it has some and is otherwise readable.
std::optional<std::string> without_unknown_members(const std::string& body, const Shape& input) {
  json parsed = json::parse(body, nullptr, false);
  if (!parsed.is_object()) return std::nullopt;
  json known = json::object();
  for (const auto& [member, value] : parsed.items())
    if (input.member_shape(member)) known[member] = value;
  if (known.size() == parsed.size()) return std::nullopt;
  return known.dump();
}

}  // namespace

std::string level_name(Level level) {
  return level == Level::must ? "MUST" : level == Level::should ? "SHOULD" : "PROBE";
}

const Fault* Expectation::refusing_fault() const {
  for (const auto& f : faults)
    if (f.level == Level::must) return &f;
  for (const auto& f : faults)
    if (f.level == Level::should) return &f;
  return nullptr;
}

bool Expectation::acceptance_documented() const {
  return faults.empty() || refusing_fault();
}

std::optional<std::set<std::string>> Expectation::allowed_errors() const {
  std::set<std::string> all;
  for (const auto& f : faults) {
    if (f.errors.empty()) return std::nullopt;
    all.insert(f.errors.begin(), f.errors.end());
  }
  return all;
}

std::vector<const Fault*> Expectation::probes() const {
  std::vector<const Fault*> out;
  for (const auto& f : faults)
    if (f.level == Level::probe) out.push_back(&f);
  return out;
}

Expectation expect_refused_signature(const std::string& signing) {
  const Authentication& auth = Spec::get().protocol.authentication;
  const SpoiledSigning& spoiled = auth.spoilings.at(signing);
  Fault f{spoiled.requirement,
          Level::must,
          {auth.refusals.at(spoiled.refusal).type},
          "signed " + signing};
  return {{f}};
}

Expectation expect(const Request& sent, const SessionModel& session) {
  const Spec& spec = Spec::get();
  const Protocol& p = spec.protocol;
  Analysis a(session);
  const Headers headers = sent.wire_headers();

  auto target = headers.find(p.target_header);
  const std::string prefix = p.target_prefix + ".";
  const Operation* op = target != headers.end() && target->second.starts_with(prefix)
                            ? spec.operation(target->second.substr(prefix.size()))
                            : nullptr;
  if (!op) {
    a.add("PROTO-UNKNOWN-TARGET", Level::should, {"UnknownOperationException"},
          target == headers.end() ? "no " + p.target_header : "target " + target->second);
    return {a.faults};
  }
  auto content_type = headers.find("Content-Type");
  if (content_type == headers.end() || content_type->second != p.content_type)
    a.add(
        "PROTO-PROBE-CONTENT-TYPE-REQUEST", Level::probe, {},
        content_type == headers.end() ? "no Content-Type" : "Content-Type " + content_type->second);

  std::string body_text = sent.body.empty() ? "{}" : sent.body;
  auto parsed = aws_json::parse(body_text, p.max_json_depth);
  // A number beyond 64 bits in an unknown member is that member's undocumented point
  // (VAL-PROBE-UNKNOWN-MEMBER, below), not a type error of the request: judge the rest.
  if (auto* bad = std::get_if<aws_json::ParseError>(&parsed); bad && bad->number_out_of_range)
    if (auto known = without_unknown_members(body_text, spec.shape(op->input))) {
      a.add("VAL-PROBE-UNKNOWN-MEMBER", Level::probe, {},
            "a number beyond 64 bits in an unknown member");
      body_text = *known;
      parsed = aws_json::parse(body_text, p.max_json_depth);
    }
  if (auto* bad = std::get_if<aws_json::ParseError>(&parsed)) {
    if (bad->number_out_of_range)
      a.add("VAL-TYPES", Level::should, {kIpe, kSerialization}, bad->reason);
    else
      a.add("PROTO-MALFORMED-JSON", Level::should, {kSerialization}, bad->reason);
    return {a.faults};
  }
  const json& body = std::get<json>(parsed);
  if (!body.is_object()) {
    a.add("PROTO-MALFORMED-JSON", Level::should, {kSerialization}, "the body is not an object");
    return {a.faults};
  }
  DuplicateMembers duplicates;
  json::sax_parse(body_text, &duplicates);
  if (duplicates.found) a.add("PROBE:duplicate-member", Level::probe, {}, "a member named twice");
  const Shape& input = spec.shape(op->input);
  for (const auto& [member, value] : body.items())
    if (!input.member_shape(member))
      a.add("VAL-PROBE-UNKNOWN-MEMBER", Level::probe, {}, "unknown member " + member);
  validate(op->input, body, nullptr, [&](const Invalid& bad) {
    a.faults.push_back(validation_fault(op->name, bad));
    return true;  // go on: every failure is a fault
  });

  const UploadState* u = a.find(op->name, body);
  if (op->name == "InitiateLayerUpload") {
    const std::string* name = string_member(body, "repositoryName");
    auto repository = name ? session.repository_named(*name) : std::nullopt;
    if (repository &&
        session.open_uploads(*repository) >= session.profile().max_open_uploads_per_repository)
      a.add("LIFE-PROBE-OPEN-UPLOADS", Level::probe, {},
            "as many uploads open as the profile allows");
  }
  if (u && op->name == "UploadLayerPart") a.part(*u, body);
  if (u && op->name == "CompleteLayerUpload") a.completion(*u, body);
  return {a.faults};
}

std::string success_requirement(const std::string& op, const Request& sent,
                                const SessionModel& session) {
  if (op == "InitiateLayerUpload") return "ILU-RESP-UPLOAD-ID";
  if (op == "CompleteLayerUpload") return "ULP-RANGE-NO-LOSS";
  if (op == "BatchCheckLayerAvailability") return "BCLA-AVAILABLE";
  if (op == "UploadLayerPart") {
    auto parsed = json::parse(sent.body, nullptr, false);
    const std::string* id = parsed.is_object() ? string_member(parsed, "uploadId") : nullptr;
    const UploadState* u = id ? session.upload_by_reference_id(*id) : nullptr;
    return u && u->next_byte > 0 ? "ULP-RANGE-CONSECUTIVE" : "ULP-RANGE-FIRST-AT-ZERO";
  }
  return "PROTO-NO-5XX";
}

}  // namespace ulp::netfuzz
