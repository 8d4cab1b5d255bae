#include "properties/complete.hpp"

namespace ulp::properties {

using nlohmann::json;
using Digests = CompleteIntent::Digests;
using Check = Member::Check;

namespace {

const std::string kOperation = "CompleteLayerUpload";

// A refusal the spec fixes, or, when the digests are wrong too, the one for the wrong digest:
// which check comes first is undocumented.
Prediction refused_or_wrong_digest(const Model& m, const std::string& error,
                                   const std::string& requirement, bool all_right) {
  Prediction p{kOperation, {Answer::refused(error, {}, requirement)}};
  if (!m.exact() && !all_right)
    p.also(Answer::refused("InvalidLayerException", {}, "CLU-DIGEST-MISMATCH"));
  return p;
}

}  // namespace

std::vector<std::string> layer_digests(const Model& m, const CompleteIntent& in) {
  const std::string right = m.layer_digest(m.uploads.at(static_cast<std::size_t>(in.slot)));
  switch (in.digests) {
    case Digests::right:
      return {right};
    case Digests::wrong:
      return {in.wrong_digest};
    case Digests::several_right:
      return std::vector<std::string>(static_cast<std::size_t>(in.count), right);
    case Digests::right_and_wrong:
      return in.wrong_first ? std::vector<std::string>{in.wrong_digest, right}
                            : std::vector<std::string>{right, in.wrong_digest};
  }
  return {};
}

Request request(const Model& m, const CompleteIntent& in) {
  json fields = upload_fields(m, in.slot, in.addressing);
  fields["layerDigests"] = layer_digests(m, in);
  return Request::of(kOperation, fields);
}

namespace {

// The answers for a request that reaches upload `in.slot`, open.
Prediction reached(const Model& m, const CompleteIntent& in) {
  const Upload& u = m.uploads.at(static_cast<std::size_t>(in.slot));
  const bool all_right = in.digests == Digests::right || in.digests == Digests::several_right;
  const bool several =
      in.digests == Digests::several_right || in.digests == Digests::right_and_wrong;
  if (u.parts.empty())
    return refused_or_wrong_digest(m, "EmptyUploadException", "CLU-EMPTY-UPLOAD", all_right);
  for (std::size_t i = 0; i + 1 < u.parts.size(); ++i)
    if (u.parts[i].size < m.limits().profile.min_part_bytes)
      return refused_or_wrong_digest(m, "LayerPartTooSmallException", "CLU-SIZE-MIN-PART",
                                     all_right);

  const Effect complete{Effect::Kind::complete_upload, in.slot, 0, {}};
  Answer completed = Answer::accepted(
      {Member::of("registryId", Check::registry),
       Member::equals("repositoryName", m.repository_name(u.repository)),
       Member::equals("uploadId", u.id), Member::layer_digest_of("layerDigest", in.slot)},
      complete, "ULP-RANGE-NO-LOSS, CLU-RESP-DIGEST");
  // Refused as existing, the upload stays open at the reference; the spec does not say.
  const Effect after_exists = m.exact() ? Effect{} : Effect{Effect::Kind::untrack, in.slot, 0, {}};
  Answer exists =
      Answer::refused("LayerAlreadyExistsException", {}, "CLU-LAYER-EXISTS", after_exists);
  const bool layer_exists = m.has_layer(u.repository, m.layer_key(u));
  // What several digests mean is undocumented: the reference wants every one to be the
  // layer's; an endpoint may read only one, or refuse a list.
  const std::string several_requirement = "CLU-PROBE-SEVERAL-DIGESTS";

  if (!all_right) {
    Prediction p{kOperation,
                 {Answer::refused("InvalidLayerException", {},
                                  several ? several_requirement : "CLU-DIGEST-MISMATCH")}};
    // Whether the digest or the layer's existence is checked first is undocumented.
    if (layer_exists) p.probe(exists, "CLU-PROBE-CHECK-ORDER");
    if (several)
      p.probe(Answer::any_refusal(several_requirement), several_requirement)
          .probe(layer_exists ? exists : completed, several_requirement);
    return p;
  }
  if (layer_exists) return Prediction{kOperation, {exists}};
  Prediction p{kOperation, {completed}};
  if (several) p.probe(Answer::any_refusal(several_requirement), several_requirement);
  return p;
}

}  // namespace

Prediction predict(const Model& m, const CompleteIntent& in) {
  if (auto refused = upload_refusal(m, kOperation, in.slot, in.addressing)) return *refused;
  Prediction p = reached(m, in);
  // Every answer about the upload's bytes rests on its refused parts having changed nothing.
  // The right digest refused as not the layer's, or a part too small that the model does not
  // have, with a part refused since the last one accepted: the refused bytes are what the
  // endpoint holds on top (a dropped byte, the other way to a wrong digest, shows without a
  // refusal).
  const Upload& u = m.uploads.at(static_cast<std::size_t>(in.slot));
  const bool all_right = in.digests == Digests::right || in.digests == Digests::several_right;
  for (auto& a : p.answers) {
    if (u.refused_parts > 0) a.requirement += ", ULP-RANGE-NO-CHANGE";
    if (u.refused_since_accepted == 0) continue;
    if (all_right) a.refused_with["InvalidLayerException"] = "ULP-RANGE-NO-CHANGE";
    a.refused_with["LayerPartTooSmallException"] = "ULP-RANGE-NO-CHANGE";
  }
  return p;
}

std::string describe(const CompleteIntent& in) {
  std::string what;
  switch (in.digests) {
    case Digests::right:
      what = "the layer's digest";
      break;
    case Digests::wrong:
      what = "a wrong digest";
      break;
    case Digests::several_right:
      what = "the layer's digest " + std::to_string(in.count) + " times";
      break;
    case Digests::right_and_wrong:
      what = in.wrong_first ? "a wrong digest, then the layer's"
                            : "the layer's digest, then a wrong one";
      break;
  }
  return "CompleteLayerUpload of upload " + std::to_string(in.slot + 1) + " with " + what +
         describe(in.addressing);
}

}  // namespace ulp::properties
