// InitiateLayerUpload as the properties send it: in one of the two repositories, or
// addressed to another registry or a repository that does not exist.
#pragma once

#include <string>

#include "core/target.hpp"
#include "properties/address.hpp"
#include "properties/model.hpp"
#include "properties/prediction.hpp"

namespace ulp::properties {

struct InitiateIntent {
  int repository = 0;
  Addressing addressing;  // as_is, own_registry, other_registry or unknown_repository
};

inline bool applicable(const Model&, const InitiateIntent&) {
  return true;
}
Request request(const Model& m, const InitiateIntent& in);
Prediction predict(const Model& m, const InitiateIntent& in);
std::string describe(const InitiateIntent& in);

}  // namespace ulp::properties
