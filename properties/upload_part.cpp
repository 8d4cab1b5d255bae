#include "properties/upload_part.hpp"

#include "core/aws_json.hpp"
#include "core/base64.hpp"

namespace ulp::properties {

using nlohmann::json;
using Kind = PartIntent::Kind;
using Check = Member::Check;

namespace {

const std::string kOperation = "UploadLayerPart";
const std::string kInvalidPart = "InvalidLayerPartException";
// The reference's refusal of a part over the largest size (ULP-PROBE-MAX-PART-ERROR).
const std::string kOversize = "InvalidParameterException";

// The member a model-unknown request carries (VAL-PROBE-UNKNOWN-MEMBER).
const std::string kUnknownMember = "ulpPropertiesUnknownMember";

const Upload& upload_of(const Model& m, const PartIntent& in) {
  return m.uploads.at(static_cast<std::size_t>(in.slot));
}

// InvalidLayerPartException's members: the request's names, and the last byte accepted (left
// out by the reference before any byte arrived, which is undocumented).
std::vector<Member> invalid_part_members(const Model& m, const PartIntent& in) {
  const Upload& u = upload_of(m, in);
  const std::string names = "ULP-ERR-PART-MEMBERS";
  std::vector<Member> out = {
      Member::of("registryId", Check::registry).resting_on(names),
      Member::equals("repositoryName", m.repository_name(u.repository)).resting_on(names),
      Member::equals("uploadId", u.id).resting_on(names)};
  const std::int64_t next = u.next_byte();
  if (next > 0)
    out.push_back(Member::equals("lastValidByteReceived", next - 1));
  else if (m.exact())
    out.push_back(Member::of("lastValidByteReceived", Check::absent)
                      .resting_on("ULP-PROBE-LAST-VALID-INITIAL"));
  return out;
}

Answer invalid_part(const Model& m, const PartIntent& in, const std::string& requirement) {
  return Answer::refused(kInvalidPart, invalid_part_members(m, in),
                         requirement + ", ULP-ERR-PART-MEMBERS");
}

// Any client error; when it is InvalidLayerPartException, it must carry the right members
// (the answer before this one checks them).
Answer other_refusal(const std::string& requirement) {
  Answer a = Answer::any_refusal(requirement);
  a.not_errors = {kInvalidPart};
  return a;
}

std::vector<Member> accepted_members(const Model& m, const PartIntent& in, const PartPlan& p) {
  const Upload& u = upload_of(m, in);
  return {Member::of("registryId", Check::registry),
          Member::equals("repositoryName", m.repository_name(u.repository)),
          Member::equals("uploadId", u.id), Member::equals("lastByteReceived", p.last)};
}

// A refusal for the part's size: InvalidParameterException at the reference, which the spec
// leaves open (any client error).
Prediction oversize() {
  const std::string requirement = "ULP-SIZE-MAX-PART, ULP-PROBE-MAX-PART-ERROR";
  Prediction p{kOperation, {Answer::refused(kOversize, {}, requirement)}};
  p.probe(Answer::any_refusal(requirement), "ULP-PROBE-MAX-PART-ERROR");
  return p;
}

Prediction wrong_length(const Model& m, const PartIntent& in, const PartPlan& p) {
  const std::int64_t next = upload_of(m, in).next_byte();
  if (p.size == 0 && p.last == p.first - 1) {
    // An empty blob for an empty range: undocumented. An endpoint may take it as a part of no
    // bytes, which changes nothing.
    Prediction out{kOperation, {invalid_part(m, in, "ULP-PROBE-EMPTY-BLOB")}};
    const std::string probe = "ULP-PROBE-EMPTY-BLOB";
    out.probe(other_refusal(probe), probe);
    if (p.first == next) out.probe(Answer::accepted(accepted_members(m, in, p), {}, probe), probe);
    return out;
  }
  if (p.last < p.first) {
    Prediction out{kOperation, {invalid_part(m, in, "ULP-RANGE-ORDER")}};
    // ULP-RANGE-ORDER allows either error; which one is the length PROBE's point.
    out.probe(Answer::refused("InvalidParameterException", {}, "ULP-RANGE-ORDER"),
              "ULP-PROBE-LENGTH-ERROR");
    return out;
  }
  // Which error: undocumented, for an empty blob (any range) its own point.
  const std::string which = p.size == 0 ? "ULP-PROBE-EMPTY-BLOB" : "ULP-PROBE-LENGTH-ERROR";
  Prediction out{kOperation, {invalid_part(m, in, "ULP-RANGE-LENGTH, " + which)}};
  out.probe(other_refusal("ULP-RANGE-LENGTH"), which);
  return out;
}

Prediction misplaced(const Model& m, const PartIntent& in, const PartPlan& p) {
  const Upload& u = upload_of(m, in);
  const std::int64_t next = u.next_byte();
  std::string requirement = next == 0        ? "ULP-RANGE-FIRST-AT-ZERO"
                            : p.first > next ? "ULP-RANGE-GAP, ULP-RANGE-LAST-VALID"
                                             : "ULP-RANGE-OVERLAP, ULP-RANGE-LAST-VALID";
  Prediction out{kOperation, {invalid_part(m, in, requirement)}};
  const bool resent = !u.parts.empty() && p.first == u.parts.back().first &&
                      p.size == u.parts.back().size && p.seed == u.parts.back().seed;
  // Whether the last part may be sent again is undocumented; taking it again changes nothing.
  if (resent)
    out.probe(Answer::accepted(accepted_members(m, in, p), {}, "ULP-PROBE-RESEND-LAST"),
              "ULP-PROBE-RESEND-LAST");
  return out;
}

Prediction in_place(const Model& m, const PartIntent& in, const PartPlan& p) {
  const Upload& u = upload_of(m, in);
  const Profile& profile = m.limits().profile;
  const Effect accept{Effect::Kind::accept_part, in.slot, 0, {p.first, p.size, p.seed}};
  // A part of exactly the largest size is accepted by the size rule before anything else.
  const bool largest = p.size == profile.max_part_bytes;
  Answer accepted =
      Answer::accepted(accepted_members(m, in, p), accept,
                       std::string(largest ? "ULP-SIZE-MAX-PART, " : "") +
                           "ULP-RANGE-CONSECUTIVE, ULP-RESP-LAST-BYTE, ULP-RESP-ECHO");
  // ... unless it is refused for its position.
  if (largest) accepted.refused_with[kInvalidPart] = "ULP-RANGE-CONSECUTIVE";
  // Past the parts or bytes a layer may have: undocumented (a published quota).
  Answer limited = Answer::refused("LimitExceededException", {}, "ULP-PROBE-MAX-PARTS");
  const bool exceeded = static_cast<std::int64_t>(u.parts.size()) >= profile.max_parts_per_layer ||
                        u.next_byte() + p.size > profile.max_layer_bytes;
  Prediction out{kOperation, {exceeded ? limited : accepted}};
  // The profile's quota may be below the endpoint's; refusing before it is no answer.
  if (exceeded && !m.exact()) out.also(accepted);
  // An endpoint may enforce the minimum part size when the next part arrives.
  if (!u.parts.empty() && u.parts.back().size < profile.min_part_bytes)
    out.probe(Answer::any_refusal("ULP-PROBE-MIN-PART-ON-UPLOAD"), "ULP-PROBE-MIN-PART-ON-UPLOAD");
  return out;
}

}  // namespace

std::optional<PartPlan> plan(const Model& m, const PartIntent& in) {
  const Upload& u = upload_of(m, in);
  const Limits& limits = m.limits();
  const std::int64_t next = u.next_byte();
  PartPlan p{next, 0, in.size, in.seed};
  switch (in.kind) {
    case Kind::next:
      if (in.copy_of >= 0 && in.copy_of < static_cast<int>(m.uploads.size())) {
        const auto& model_parts = m.uploads[static_cast<std::size_t>(in.copy_of)].parts;
        if (u.parts.size() < model_parts.size()) {
          p.size = model_parts[u.parts.size()].size;
          p.seed = model_parts[u.parts.size()].seed;
        }
      }
      break;
    case Kind::gap:
      if (in.offset > limits.position_max - next - (in.size - 1)) return std::nullopt;
      p.first = next + in.offset;
      break;
    case Kind::overlap:
      if (next == 0) return std::nullopt;
      p.first = next - std::min(in.offset, next);
      break;
    case Kind::rewind:
      if (next == 0) return std::nullopt;
      p.first = 0;
      break;
    case Kind::resend:
      if (u.parts.empty()) return std::nullopt;
      p = {u.parts.back().first, 0, u.parts.back().size, u.parts.back().seed};
      break;
    case Kind::wrong_length:
      p.last = next + in.size - 1 + in.offset;
      if (in.offset == 0 || p.last < limits.position_min) return std::nullopt;
      return p;
    case Kind::oversize:
      p.size = limits.profile.max_part_bytes + in.offset;
      break;
    case Kind::empty:
      p.size = 0;
      p.last = in.offset == 1 ? next : next - 1;
      if (p.last < limits.position_min) return std::nullopt;
      return p;
  }
  p.last = p.first + (p.size - 1);  // a part may end at the largest position
  return p;
}

bool applicable(const Model& m, const PartIntent& in) {
  if (in.slot < 0 || in.slot >= static_cast<int>(m.uploads.size())) return false;
  return m.uploads[static_cast<std::size_t>(in.slot)].usable() && plan(m, in).has_value();
}

Request request(const Model& m, const PartIntent& in) {
  const PartPlan p = *plan(m, in);
  json fields = upload_fields(m, in.slot, in.addressing);
  fields["partFirstByte"] = p.first;
  fields["partLastByte"] = p.last;
  if (in.unknown_member) fields[kUnknownMember] = true;
  const std::string bytes = m.part_bytes({p.first, p.size, p.seed});
  Request r;
  r.operation = kOperation;
  r.body = aws_json::with_blob(fields, "layerPartBlob", base64::encode(bytes));
  return r;
}

Prediction predict(const Model& m, const PartIntent& in) {
  const PartPlan p = *plan(m, in);
  Prediction out = [&] {
    // Checked in the reference's order: the model's constraints first, then whom the request
    // names, the part's size, its length, its position, the layer's limits.
    if (p.size > m.limits().blob_max) return oversize();
    if (auto refused = upload_refusal(m, kOperation, in.slot, in.addressing)) return *refused;
    // From here on the part reaches its upload: a refusal is a refused part.
    Prediction reached = [&] {
      if (p.size > m.limits().profile.max_part_bytes) return oversize();
      const bool length_ok = p.size > 0 && p.last >= p.first && p.last - p.first == p.size - 1;
      if (!length_ok) return wrong_length(m, in, p);
      if (p.first != upload_of(m, in).next_byte()) return misplaced(m, in, p);
      return in_place(m, in, p);
    }();
    // Every answer about the upload's bytes rests on its refused parts having changed nothing;
    // an answer that shows the upload where they would have moved it breaks that rule.
    const Upload& u = upload_of(m, in);
    for (auto& a : reached.answers) {
      if (!a.success) a.effect = {Effect::Kind::refuse_part, in.slot, 0, {p.first, p.size, p.seed}};
      if (u.refused_parts > 0) a.requirement += ", ULP-RANGE-NO-CHANGE";
      a.moved_to = u.moved_to;
      a.part_first = p.first;
      // A part of the largest size refused as an oversize one is: whatever else was due.
      if (p.size == m.limits().profile.max_part_bytes)
        a.refused_with.try_emplace(kOversize, "ULP-SIZE-MAX-PART");
    }
    return reached;
  }();
  // Whether an unknown member is refused is undocumented (the reference ignores it).
  if (in.unknown_member)
    out.probe(Answer::any_refusal("VAL-PROBE-UNKNOWN-MEMBER"), "VAL-PROBE-UNKNOWN-MEMBER");
  return out;
}

namespace {

std::string bytes(std::int64_t n) {
  return std::to_string(n) + (n == 1 ? " byte" : " bytes");
}

}  // namespace

std::string describe(const PartIntent& in) {
  const std::string content = bytes(in.size) + " from '" + static_cast<char>('a' + in.seed) + "'";
  std::string what;
  switch (in.kind) {
    case Kind::next:
      what = in.copy_of >= 0
                 ? "the next part, the same as upload " + std::to_string(in.copy_of + 1) +
                       "'s there (else " + content + ")"
                 : "the next part, " + content;
      break;
    case Kind::gap:
      what = content + " after a gap of " + bytes(in.offset);
      break;
    case Kind::overlap:
      what = content + " going back over " + bytes(in.offset) + " received";
      break;
    case Kind::rewind:
      what = content + " from byte 0 again";
      break;
    case Kind::resend:
      what = "the last part again";
      break;
    case Kind::wrong_length:
      what = content + (in.size + in.offset > 0
                            ? " for a range of " + bytes(in.size + in.offset)
                            : " for a range that ends " + bytes(-(in.size + in.offset) + 1) +
                                  " before it starts");
      break;
    case Kind::oversize:
      what = "a part " + bytes(in.offset) + " over the largest";
      break;
    case Kind::empty:
      what = in.offset == 1 ? "an empty blob for a range of one byte"
                            : "an empty blob for an empty range";
      break;
  }
  return "UploadLayerPart to upload " + std::to_string(in.slot + 1) + ": " + what +
         describe(in.addressing) + (in.unknown_member ? ", with an unknown member" : "");
}

}  // namespace ulp::properties
