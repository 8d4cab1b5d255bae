// The right next part, signed wrongly on purpose in one of the ways of core/spoiled_signing.hpp:
// the target must refuse it with the refusal spec/protocol.json names for that way (another
// error breaks AUTH-ERROR-TYPES, a SHOULD) and change nothing, which the steps after it check.
// Only where requests are signed (Settings::credentials).
#pragma once

#include <string>

#include "properties/upload_part.hpp"

namespace ulp::properties {

struct SpoiledPartIntent {
  std::string signing;  // a mode of core/spoiled_signing.hpp
  PartIntent part;      // the next part of an upload, as it is
};

bool applicable(const Model& m, const SpoiledPartIntent& in);
Request request(const Model& m, const SpoiledPartIntent& in);
Prediction predict(const Model& m, const SpoiledPartIntent& in);
std::string describe(const SpoiledPartIntent& in);
// How the request is signed; empty for every other intent (Session signs as usual).
inline std::string signing(const SpoiledPartIntent& in) {
  return in.signing;
}
inline std::string signing(const auto&) {
  return {};
}

}  // namespace ulp::properties
