#include "load/layer_plan.hpp"

#include <algorithm>
#include <cstring>

#include "core/splitmix64.hpp"

namespace ulp::load {

std::int64_t draw(std::uint64_t& state, std::int64_t low, std::int64_t high) {
  const auto span = static_cast<std::uint64_t>(high - low) + 1;
  return low + static_cast<std::int64_t>(span == 0 ? splitmix64_next(state)
                                                   : splitmix64_next(state) % span);
}

std::int64_t LayerPlan::size() const {
  std::int64_t total = 0;
  for (auto p : parts) total += p;
  return total;
}

std::int64_t LayerPlan::first_byte(std::size_t part) const {
  std::int64_t first = 0;
  for (std::size_t i = 0; i < part && i < parts.size(); ++i) first += parts[i];
  return first;
}

std::string LayerPlan::bytes(std::size_t part) const {
  std::string out(static_cast<std::size_t>(parts.at(part)), '\0');
  std::uint64_t state = splitmix64(seed + part);
  std::size_t i = 0;
  for (; i + 8 <= out.size(); i += 8) {
    const std::uint64_t v = splitmix64_next(state);
    std::memcpy(out.data() + i, &v, 8);
  }
  const std::uint64_t v = splitmix64_next(state);
  std::memcpy(out.data() + i, &v, out.size() - i);
  return out;
}

LayerPlan plan_layer(std::uint64_t& state, ByteRange layer, ByteRange part) {
  LayerPlan plan;
  plan.seed = splitmix64_next(state);
  std::int64_t left = draw(state, layer.low, layer.high);
  while (left > 0) {
    const std::int64_t size = std::min(left, draw(state, part.low, part.high));
    plan.parts.push_back(size);
    left -= size;
  }
  return plan;
}

LayerPlan plan_parts(std::uint64_t& state, std::size_t count, ByteRange part) {
  LayerPlan plan;
  plan.seed = splitmix64_next(state);
  for (std::size_t i = 0; i < count; ++i) plan.parts.push_back(draw(state, part.low, part.high));
  return plan;
}

}  // namespace ulp::load
