// SplitMix64 (Steele, Lea and Flood, 2014): where bytes or IDs must follow from a seed alone,
// the same on every platform and library (the <random> distributions are not), the suite uses
// this generator; its output function alone serves as a mixer of one value.
#pragma once

#include <cstdint>

namespace ulp {

// The next value of the sequence that `state` stands for; advances `state`.
inline std::uint64_t splitmix64_next(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// One value mixed: the first value of the sequence that starts at x.
inline std::uint64_t splitmix64(std::uint64_t x) {
  return splitmix64_next(x);
}

}  // namespace ulp
