// The bytes the properties upload. A part is described by a seed and a size, so that the
// model stays small (no bytes in it) and a shrunk case reads well: byte i of a part with seed
// s is the letter s + i (mod 26), "defgh..." for s = 3.
//
// Against a shared endpoint every sequence also has a nonce: each byte is XORed with a
// keystream of the nonce and the byte's position in the layer, so that layers of different
// sequences never collide (a collision would be a LayerAlreadyExistsException the model cannot
// foresee), while two uploads of one sequence with the same letters still make the same layer.
// The nonce is 0 in process, and then the bytes are the letters themselves.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ulp::properties {

constexpr int kContentSeeds = 26;

// The bytes of a part of `size` bytes with `seed` that starts at byte `first` of its layer.
std::string part_bytes(int seed, std::int64_t first, std::int64_t size, std::uint64_t nonce);

struct PartContent {
  int seed = 0;
  std::int64_t size = 0;
};

// Which bytes a layer holds, as maximal runs of consecutive letters (first letter, length):
// two layers are the same bytes exactly when their keys are equal, whatever their parts.
using LayerKey = std::vector<std::pair<int, std::int64_t>>;
LayerKey layer_key(const std::vector<PartContent>& parts);

}  // namespace ulp::properties
