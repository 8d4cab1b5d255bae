// The layers a client pushes: sizes drawn from the run's ranges, bytes that follow from a seed
// (so a run can be repeated with --seed), generated one part at a time.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "load/options.hpp"

namespace ulp::load {

// A uniform draw from [low, high] by SplitMix64; advances state.
std::int64_t draw(std::uint64_t& state, std::int64_t low, std::int64_t high);

struct LayerPlan {
  std::uint64_t seed = 0;
  std::vector<std::int64_t> parts;  // sizes; every one but the last is within the part range

  std::int64_t size() const;
  std::int64_t first_byte(std::size_t part) const;  // of part `part`
  std::string bytes(std::size_t part) const;        // its bytes
};

// A layer of a size drawn from `layer`, cut into parts drawn from `part`.
LayerPlan plan_layer(std::uint64_t& state, ByteRange layer, ByteRange part);
// A layer of exactly `count` parts drawn from `part` (the last too), for the races.
LayerPlan plan_parts(std::uint64_t& state, std::size_t count, ByteRange part);

}  // namespace ulp::load
