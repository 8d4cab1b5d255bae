// Structure-aware generation: one call at a time, made from the session so far (the uploads
// and where each expects its next part) and the limits, mostly as a well-behaved client
// would make it; about a third of them get one fault of the byte-range state machine or of
// the lifecycle (a gap, an overlap, a wrong length, another repository's upload, a wrong
// digest, ...). Deterministic in its seed and what the reference answered.
#pragma once

#include <cstdint>
#include <optional>
#include <random>

#include "fuzz/netfuzz/call.hpp"
#include "fuzz/netfuzz/session_model.hpp"

namespace ulp::netfuzz {

struct GeneratorOptions {
  std::int64_t max_blob_bytes = 4096;  // parts larger than this are not made (time, memory)
  int max_calls = 12;                  // per run, besides setting up and cleaning up
};

class Generator {
 public:
  Generator(std::mt19937_64& rng, GeneratorOptions options, const Profile& limits);

  bool wants_other_repository() const { return other_repository_; }
  std::optional<Call> next(const SessionModel& session);

 private:
  bool chance(int percent);
  std::int64_t between(std::int64_t lo, std::int64_t hi);
  std::string random_bytes(std::int64_t n);
  std::string random_upload_id();
  std::int64_t part_size();
  const UploadState* pick_upload(const SessionModel& session, bool open_only);

  Call initiate(const SessionModel& session);
  Call part(const SessionModel& session);
  Call complete(const SessionModel& session);
  Call batch_check(const SessionModel& session);

  std::mt19937_64& rng_;
  GeneratorOptions options_;
  const Profile& limits_;
  bool other_repository_;
  int calls_left_;
};

}  // namespace ulp::netfuzz
