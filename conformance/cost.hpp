// What a selection will send, known before a request goes out: requests and bytes per case
// (each step times its repeat and copies, the blobs at the run's limits, and the repositories
// the runner makes and deletes), and the shortest time the request rates allow. --list and the
// run's first line print it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "conformance/fixture.hpp"
#include "conformance/run_settings.hpp"

namespace ulp::conformance {

struct Cost {
  std::int64_t requests = 0, bytes = 0;  // bytes: the request bodies
  std::map<std::string, std::int64_t> by_operation;
  bool exact = true;  // false: a repeat or a size could not be known before the run (a bound)

  Cost& operator+=(const Cost& other);
  // Seconds the rates (requests per second, per operation) allow the cost in at the least.
  double shortest_seconds(const std::map<std::string, double>& rates) const;
};

Cost estimate_cost(const Case& c, const RunSettings& settings);

// "14,753 requests, 1.2 GB" ("about ..." when not exact).
std::string describe_cost(const Cost& cost);

}  // namespace ulp::conformance
