#include "properties/invalid_request.hpp"

#include "core/base64.hpp"
#include "core/sha256.hpp"
#include "core/spec.hpp"
#include "properties/address.hpp"

namespace ulp::properties {

using nlohmann::json;

namespace {

const std::string kInvalidParameter = "InvalidParameterException";
const std::string kSerialization = "SerializationException";

// A well-formed request of `operation` for upload `slot` (or a spare upload ID): what an
// invalid one is made from.
json well_formed(const Model& m, const std::string& operation, int slot,
                 const std::string& spare_upload_id) {
  const bool named = slot >= 0 && slot < static_cast<int>(m.uploads.size()) &&
                     m.uploads[static_cast<std::size_t>(slot)].usable();
  json fields = named
                    ? upload_fields(m, slot, {})
                    : json{{"repositoryName", m.repository_name(0)}, {"uploadId", spare_upload_id}};
  if (operation == "InitiateLayerUpload") {
    fields.erase("uploadId");
  } else if (operation == "UploadLayerPart") {
    const std::int64_t next = named ? m.uploads[static_cast<std::size_t>(slot)].next_byte() : 0;
    fields["partFirstByte"] = next;
    fields["partLastByte"] = next;
    fields["layerPartBlob"] = base64::encode(m.part_bytes({next, 1, 0}));
  } else {
    fields["layerDigests"] = {named ? m.layer_digest(m.uploads[static_cast<std::size_t>(slot)])
                                    : Sha256().digest()};
  }
  return fields;
}

}  // namespace

std::string validation_requirement(const std::string& member) {
  for (const auto& r : Spec::get().requirements())
    if (r.category == "validation" && r.level != "PROBE" &&
        r.statement.find(member) != std::string::npos)
      return r.id;
  return "VAL-TYPES";
}

// A number beyond 64 bits, which nlohmann::json cannot hold: written into the body's text.
const std::string kBeyond64Bits = "123456789012345678901234567890";

Request request(const Model& m, const InvalidFieldIntent& in) {
  using Change = InvalidFieldIntent::Change;
  json fields = well_formed(m, in.operation, in.slot, in.spare_upload_id);
  if (in.change == Change::missing || in.change == Change::beyond_64_bits)
    fields.erase(in.member);
  else
    fields[in.member] = in.value;
  Request r = Request::of(in.operation, fields);
  if (in.change == Change::beyond_64_bits) {
    r.body.pop_back();  // the closing brace
    r.body += (fields.empty() ? "" : ",") + json(in.member).dump() + ":" + kBeyond64Bits + "}";
  }
  return r;
}

Prediction predict(const Model&, const InvalidFieldIntent& in) {
  using Change = InvalidFieldIntent::Change;
  if (in.change == Change::missing)
    return {in.operation, {Answer::refused(kInvalidParameter, {}, "VAL-REQUIRED")}};
  const Shape& input = Spec::get().shape(Spec::get().operation(in.operation)->input);
  const Shape& shape = Spec::get().shape(*input.member_shape(in.member));
  // A wrong JSON type or a blob that is no base64 may be refused as unreadable.
  if (in.change == Change::wrong_type || in.change == Change::beyond_64_bits)
    return {in.operation,
            {Answer::refused_with_any({kInvalidParameter, kSerialization}, "VAL-TYPES")}};
  if (shape.type == "blob")
    return {in.operation,
            {Answer::refused_with_any({kInvalidParameter, kSerialization},
                                      validation_requirement(in.member))}};
  return {in.operation,
          {Answer::refused(kInvalidParameter, {}, validation_requirement(in.member))}};
}

std::string describe(const InvalidFieldIntent& in) {
  using Change = InvalidFieldIntent::Change;
  std::string what = in.change == Change::missing ? "without " + in.member
                     : in.change == Change::beyond_64_bits
                         ? "with " + in.member + " " + kBeyond64Bits + ", beyond 64 bits"
                     : in.change == Change::wrong_type
                         ? "with " + in.member + " of the wrong type: " + in.value.dump()
                         : "with " + in.member + " " + in.value.dump() + " (off its shape)";
  if (what.size() > 160) what = what.substr(0, 157) + "...";
  std::string about = in.slot >= 0 && in.operation != "InitiateLayerUpload"
                          ? " for upload " + std::to_string(in.slot + 1)
                          : "";
  return in.operation + about + " " + what;
}

Request request(const Model& m, const MalformedBodyIntent& in) {
  using Kind = MalformedBodyIntent::Kind;
  json fields = well_formed(m, in.operation, in.slot, in.spare_upload_id);
  Request r = Request::of(in.operation, fields);
  switch (in.kind) {
    case Kind::truncated:
      r.body.resize(
          std::max<std::size_t>(1, r.body.size() * static_cast<std::size_t>(in.per_mille) / 1000));
      break;
    case Kind::not_an_object:
    case Kind::noise:
      r.body = in.text;
      break;
    case Kind::too_deep: {
      const int depth = Spec::get().protocol.max_json_depth + 1;
      fields["repositoryName"] = json::array();
      json* inner = &fields["repositoryName"];
      for (int i = 1; i < depth; ++i) inner = &inner->emplace_back(json::array());
      r.body = fields.dump();
      break;
    }
    case Kind::unknown_operation:
      r.operation = in.text;
      break;
    case Kind::other_media_type:
      r.headers.emplace("Content-Type", in.text);
      break;
  }
  return r;
}

Prediction predict(const Model& m, const MalformedBodyIntent& in) {
  using Kind = MalformedBodyIntent::Kind;
  switch (in.kind) {
    case Kind::truncated:
    case Kind::not_an_object:
    case Kind::noise:
      return {in.operation, {Answer::refused(kSerialization, {}, "PROTO-MALFORMED-JSON")}};
    case Kind::unknown_operation:
      return {in.operation,
              {Answer::refused("UnknownOperationException", {}, "PROTO-UNKNOWN-TARGET")}};
    case Kind::too_deep: {
      Prediction p{in.operation, {Answer::refused(kSerialization, {}, "PROTO-NO-5XX")}};
      if (!m.exact()) p.also(Answer::any_refusal("PROTO-NO-5XX"));
      return p;
    }
    case Kind::other_media_type: {
      Prediction p{in.operation,
                   {Answer::refused("UnsupportedMediaTypeException", {},
                                    "PROTO-PROBE-CONTENT-TYPE-REQUEST")}};
      p.probe(Answer::any_refusal("PROTO-NO-5XX"), "PROTO-PROBE-CONTENT-TYPE-REQUEST");
      return p;
    }
  }
  return {};
}

std::string describe(const MalformedBodyIntent& in) {
  using Kind = MalformedBodyIntent::Kind;
  auto quoted = [](const std::string& s) { return json(s).dump(); };
  switch (in.kind) {
    case Kind::truncated:
      return in.operation + " with its body cut to " + std::to_string(in.per_mille / 10) + "%";
    case Kind::not_an_object:
      return in.operation + " with a body that is JSON but no object: " + in.text;
    case Kind::noise:
      return in.operation + " with a body that is no JSON: " + quoted(in.text);
    case Kind::too_deep:
      return in.operation + " with a body nested deeper than any request";
    case Kind::unknown_operation:
      return "an X-Amz-Target naming no operation: " + in.text;
    case Kind::other_media_type:
      return in.operation + " sent as Content-Type " + in.text;
  }
  return in.operation;
}

}  // namespace ulp::properties
