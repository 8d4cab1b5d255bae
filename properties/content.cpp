#include "properties/content.hpp"

#include <algorithm>
#include <cstring>

#include "core/splitmix64.hpp"

namespace ulp::properties {

std::string part_bytes(int seed, std::int64_t first, std::int64_t size, std::uint64_t nonce) {
  const auto n = static_cast<std::size_t>(size);
  std::string out(n, '\0');
  // The letters repeat every kContentSeeds bytes: write one period, then copy what is
  // written (parts run to tens of megabytes).
  for (std::size_t i = 0; i < std::min<std::size_t>(n, kContentSeeds); ++i)
    out[i] = static_cast<char>('a' + (static_cast<std::size_t>(seed) + i) % kContentSeeds);
  for (std::size_t done = kContentSeeds; done < n;) {
    const std::size_t copy = std::min(done - done % kContentSeeds, n - done);
    std::memcpy(out.data() + done, out.data(), copy);
    done += copy;
  }
  if (nonce == 0) return out;
  // One keystream word per 8 positions of the layer.
  for (std::size_t i = 0; i < n;) {
    const auto position = static_cast<std::uint64_t>(first) + i;
    const std::uint64_t word = splitmix64(nonce ^ (position >> 3));
    for (auto k = position & 7; k < 8 && i < n; ++k, ++i)
      out[i] = static_cast<char>(out[i] ^ static_cast<char>(word >> (8 * k)));
  }
  return out;
}

LayerKey layer_key(const std::vector<PartContent>& parts) {
  LayerKey key;
  for (const auto& p : parts) {
    if (p.size <= 0) continue;
    int letter = p.seed % kContentSeeds;
    if (!key.empty() && (key.back().first + key.back().second) % kContentSeeds == letter)
      key.back().second += p.size;
    else
      key.emplace_back(letter, p.size);
  }
  return key;
}

}  // namespace ulp::properties
