#include "properties/spoiled_part.hpp"

#include "core/spec.hpp"
#include "core/spoiled_signing.hpp"

namespace ulp::properties {

namespace {
const std::string kOperation = "UploadLayerPart";
}  // namespace

bool applicable(const Model& m, const SpoiledPartIntent& in) {
  if (!m.settings().credentials || !applicable(m, in.part)) return false;
  // can_spoil on the request itself: the session token and the blob are what it looks at.
  return can_spoil(in.signing, request(m, in.part), *m.settings().credentials);
}

Request request(const Model& m, const SpoiledPartIntent& in) {
  return request(m, in.part);
}

Prediction predict(const Model&, const SpoiledPartIntent& in) {
  const Authentication& auth = Spec::get().protocol.authentication;
  const SpoiledSigning& spoiled = auth.spoilings.at(in.signing);
  Prediction p{kOperation,
               {Answer::refused(auth.refusals.at(spoiled.refusal).type, {},
                                spoiled.requirement + ", " + auth.errors_requirement)}};
  // Refused otherwise than ECR refuses it: the part stays out all the same. But an error of the
  // operation's own (the model's) comes from past the signature check: the signature was taken.
  Answer otherwise = Answer::any_refusal(spoiled.requirement);
  otherwise.not_errors = Spec::get().operation(kOperation)->errors;
  p.breaking(std::move(otherwise), auth.errors_requirement);
  return p;
}

std::string describe(const SpoiledPartIntent& in) {
  return describe(in.part) + ", signed " + in.signing;
}

}  // namespace ulp::properties
