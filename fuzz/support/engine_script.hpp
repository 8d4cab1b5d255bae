// The input language of fuzz_engine: a sequence of engine operations across a few
// repositories and uploads. Positions are relative to the upload's state ("the next byte",
// "two bytes past it"), so that an encoded step means the same thing whatever came before,
// and the corpus generator can write seeds without running the engine.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/support/fdp_codec.hpp"

namespace ulp::fuzz {

enum class EngineOp : std::uint8_t {
  initiate,
  upload_part,
  complete,
  batch_check,
  create_repository,
  delete_repository,
  advance_clock,
};
constexpr EngineOp kLastEngineOp = EngineOp::advance_clock;

enum class Registry : std::uint8_t { omitted, own, foreign };
enum class FirstByte : std::uint8_t { next, offset, absolute };  // partFirstByte from
enum class LastByte : std::uint8_t { fits, offset, absolute };   // partLastByte from
enum class Digest : std::uint8_t { layer, layer_upper_case, other, another_upload, malformed };

constexpr std::uint8_t kUnknownUpload = 8;  // an upload ID no initiate returned
constexpr std::int64_t kMaxOffset = 4;      // offsets are in [-kMaxOffset, kMaxOffset]
constexpr std::uint16_t kMaxBlob = 96;      // beyond the small profile's largest part (64)

struct EngineStep {
  EngineOp op = EngineOp::initiate;
  std::uint8_t repository = 0;  // index into fuzz_repositories()
  Registry registry = Registry::omitted;
  std::uint8_t upload = 0;  // the n-th upload initiated (modulo their number), or kUnknownUpload
  FirstByte first_from = FirstByte::next;
  std::int64_t first = 0;  // offset from the next byte, or absolute
  LastByte last_from = LastByte::fits;
  std::int64_t last = 0;  // offset from first + size - 1, or absolute
  std::uint16_t size = 0;
  std::uint8_t fill = 0;        // the part's bytes are made from it
  std::vector<Digest> digests;  // complete, batch_check: 1 to 3
  bool force = false;           // delete_repository
  std::uint16_t seconds = 0;    // advance_clock
};

// Every field, in input order, for reading (FdpReader) and writing (FdpWriter) alike.
template <class Io, class Step>
void visit_step(Io& io, Step& s) {
  io.enumerated(s.op, kLastEngineOp);
  switch (s.op) {
    case EngineOp::advance_clock:
      io.integral(s.seconds, std::uint16_t{0}, std::uint16_t{8000});
      return;
    case EngineOp::create_repository:
    case EngineOp::delete_repository:
    case EngineOp::initiate:
    case EngineOp::batch_check:
      io.integral(s.repository, std::uint8_t{0}, std::uint8_t{2});
      io.enumerated(s.registry, Registry::foreign);
      if (s.op == EngineOp::delete_repository) io.boolean(s.force);
      break;
    case EngineOp::upload_part:
    case EngineOp::complete:
      io.integral(s.repository, std::uint8_t{0}, std::uint8_t{2});
      io.enumerated(s.registry, Registry::foreign);
      io.integral(s.upload, std::uint8_t{0}, kUnknownUpload);
      break;
  }
  if (s.op == EngineOp::upload_part) {
    io.enumerated(s.first_from, FirstByte::absolute);
    if (s.first_from == FirstByte::offset)
      io.integral(s.first, -kMaxOffset, kMaxOffset);
    else if (s.first_from == FirstByte::absolute)
      io.integral(s.first, std::int64_t{0}, std::int64_t{1} << 40);
    io.enumerated(s.last_from, LastByte::absolute);
    if (s.last_from == LastByte::offset)
      io.integral(s.last, -kMaxOffset, kMaxOffset);
    else if (s.last_from == LastByte::absolute)
      io.integral(s.last, std::int64_t{0}, std::int64_t{1} << 40);
    io.integral(s.size, std::uint16_t{0}, kMaxBlob);
    io.integral(s.fill, std::uint8_t{0}, std::uint8_t{255});
  }
  if (s.op == EngineOp::complete || s.op == EngineOp::batch_check) {
    std::uint8_t count = static_cast<std::uint8_t>(s.digests.size());
    io.integral(count, std::uint8_t{1}, std::uint8_t{3});
    s.digests.resize(count);
    for (auto& d : s.digests) io.enumerated(d, Digest::malformed);
  }
}

// The bytes of a part: deterministic in (size, fill), different for different fills.
std::string part_bytes(std::uint16_t size, std::uint8_t fill);

// A seed for fuzz_engine that reads back as `steps`.
std::string encode_engine_script(const std::vector<EngineStep>& steps);

}  // namespace ulp::fuzz
