#include "fuzz/support/engine_script.hpp"

namespace ulp::fuzz {

std::string part_bytes(std::uint16_t size, std::uint8_t fill) {
  std::string bytes(size, '\0');
  std::uint32_t state = 0x9E3779B9u ^ fill;
  for (auto& b : bytes) {
    state = state * 1664525u + 1013904223u;  // an LCG: cheap, and enough to vary the digest
    b = static_cast<char>(state >> 24);
  }
  return bytes;
}

std::string encode_engine_script(const std::vector<EngineStep>& steps) {
  FdpWriter out;
  for (EngineStep s : steps) visit_step(out, s);
  return out.bytes();
}

}  // namespace ulp::fuzz
