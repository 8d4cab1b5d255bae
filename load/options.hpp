// ulp-load's command line: how many clients push how much for how long, at which sizes, and
// against which target (the embedded reference server when no --endpoint-url is given).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/spec.hpp"
#include "core/target_options.hpp"

namespace ulp::load {

struct ByteRange {
  std::int64_t low = 0, high = 0;  // inclusive
};

// "5MiB" -> 5242880; a number with an optional suffix B, KiB, MiB, GiB (K, M, G alike) or kB,
// MB, GB (powers of 1000). nullopt when it is not one.
std::optional<std::int64_t> parse_bytes(std::string_view text);
// "A..B" or a single size "A" (A..A); nullopt when malformed or A > B.
std::optional<ByteRange> parse_byte_range(std::string_view text);

struct Options {
  TargetOptions target;
  std::string limits = "ecr";
  Profile profile;  // loaded from `limits`
  std::string mutant;
  int clients = 8;
  double duration_seconds = 10;  // when layers == 0
  std::int64_t layers = 0;       // 0: run for duration_seconds
  double ceiling_seconds = 600;  // a run ends by then whatever else it was told
  std::string layer_size_text, part_size_text;
  ByteRange layer_bytes, part_bytes;  // resolved against the profile
  double race_fraction = 0.25;
  std::uint64_t seed = 0;
  std::string report_json;
  bool strict = false;
  std::string expect_violation;  // exit 0 only if this requirement was found broken
  bool progress = false;         // a progress line on stderr (a terminal)
};

// Parses the command line into o. Returns an exit code when the program should stop (0 after
// --help, 2 after a usage error, with its message printed), nullopt to go on.
std::optional<int> parse_options(int argc, char** argv, Options& o);

// Fills o.layer_bytes and o.part_bytes from the texts or the profile's defaults; the reason
// they do not fit the profile's limits otherwise.
std::optional<std::string> resolve_sizes(Options& o);

}  // namespace ulp::load
