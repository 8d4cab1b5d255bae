// The limits the properties generate against, all read from spec/: the registry's profile
// (spec/profiles/) and the model's shape constraints (spec/model.json).
#pragma once

#include <cstdint>
#include <string>

#include "core/spec.hpp"

namespace ulp::properties {

struct Limits {
  Profile profile;                // part sizes, parts per layer, open uploads, registry
  std::string source;             // "small", "ecr" or the profile file's path
  std::int64_t blob_max = 0;      // LayerPartBlob: the largest blob the model allows
  std::int64_t position_min = 0;  // PartSize: the smallest position
  std::int64_t position_max = 0;  // PartSize is a long: its largest value
  std::int64_t digests_min = 0, digests_max = 0;  // LayerDigestList: items per request

  // "ecr", "small" or a profile file (throws std::runtime_error as Profile::load does).
  static Limits load(const std::string& profile_name_or_path);
};

}  // namespace ulp::properties
