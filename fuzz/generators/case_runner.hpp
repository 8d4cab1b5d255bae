// Runs a seed case against the fuzz reference (fuzz/support/fuzz_reference.hpp), in process:
// expressions are bound (saved values from earlier answers, the context, the limits), and
// every request sent is kept with its answer. Because the reference is set up exactly as the
// fuzz targets set up theirs, the requests replayed into a target name uploads that exist.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/target.hpp"
#include "fuzz/generators/seed_case.hpp"

namespace ulp::fuzz {

struct Exchange {
  Request request;
  Response response;
  std::int64_t waited_seconds = 0;  // the clock moved this much before the request
};

struct RanCase {
  std::string id;
  std::vector<Exchange> exchanges;
};

constexpr std::size_t kMaxSeedBlobBytes = 1 << 16;  // seeds stay small; sizes past it are cut

RanCase run_seed_case(const SeedCase& seed_case);

}  // namespace ulp::fuzz
