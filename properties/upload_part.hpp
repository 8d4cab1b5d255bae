// UploadLayerPart as the properties send it: the right next part, or one that leaves a gap,
// overlaps, rewinds, resends the last part, has the wrong length, is oversize or empty; to an
// upload as it is or addressed otherwise (address.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/target.hpp"
#include "properties/address.hpp"
#include "properties/model.hpp"
#include "properties/prediction.hpp"

namespace ulp::properties {

struct PartIntent {
  enum class Kind { next, gap, overlap, rewind, resend, wrong_length, oversize, empty };
  Kind kind = Kind::next;
  int slot = 0;
  Addressing addressing;
  std::int64_t size = 1;  // bytes sent (next, gap, overlap, rewind, wrong_length)
  // gap: bytes skipped; overlap: bytes gone back over; wrong_length: the range's length minus
  // the blob's (never 0); oversize: bytes past the largest part; empty: 1 when the range
  // claims one byte, 0 when it is empty (last = first - 1)
  std::int64_t offset = 0;
  int seed = 0;
  // next: the part upload `copy_of` has at this place, instead of size and seed, so that two
  // uploads make the same layer (LayerAlreadyExistsException in one repository)
  int copy_of = -1;
  bool unknown_member = false;  // the body also carries a member the model does not have
};

// The part an intent makes of the upload as it is now; nullopt when it makes none (a rewind
// before any byte, a resend before any part, a range past the largest position).
struct PartPlan {
  std::int64_t first = 0, last = 0, size = 0;
  int seed = 0;
};
std::optional<PartPlan> plan(const Model& m, const PartIntent& in);

bool applicable(const Model& m, const PartIntent& in);
Request request(const Model& m, const PartIntent& in);
Prediction predict(const Model& m, const PartIntent& in);
std::string describe(const PartIntent& in);

}  // namespace ulp::properties
