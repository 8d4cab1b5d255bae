// CompleteLayerUpload as the properties send it: with the layer's digest, a wrong one, the
// right one several times, or right and wrong together; to an upload as it is or addressed
// otherwise (address.hpp).
#pragma once

#include <string>
#include <vector>

#include "core/target.hpp"
#include "properties/address.hpp"
#include "properties/model.hpp"
#include "properties/prediction.hpp"

namespace ulp::properties {

struct CompleteIntent {
  enum class Digests { right, wrong, several_right, right_and_wrong };
  int slot = 0;
  Addressing addressing;
  Digests digests = Digests::right;
  int count = 2;             // several_right: how many times the layer's digest is listed
  std::string wrong_digest;  // wrong, right_and_wrong: a well-formed digest of other bytes
  bool wrong_first = false;  // right_and_wrong: the wrong one comes first
};

inline bool applicable(const Model& m, const CompleteIntent& in) {
  return in.slot >= 0 && in.slot < static_cast<int>(m.uploads.size()) &&
         m.uploads[static_cast<std::size_t>(in.slot)].usable();
}
std::vector<std::string> layer_digests(const Model& m, const CompleteIntent& in);
Request request(const Model& m, const CompleteIntent& in);
Prediction predict(const Model& m, const CompleteIntent& in);
std::string describe(const CompleteIntent& in);

}  // namespace ulp::properties
