// What a run measured: each request's latency by operation, errors by operation and type, and
// the live counters the progress line shows. Each client keeps its own Stats, merged at the end.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/target.hpp"

namespace ulp::load {

struct Percentiles {
  std::size_t count = 0;
  double p50 = 0, p90 = 0, p99 = 0, max = 0;
};

// The nearest-rank percentile p (0 < p <= 100) of sorted samples: the smallest sample at or
// below which p% of them lie. 0 for no samples.
double percentile(const std::vector<double>& sorted, double p);
Percentiles summarize(std::vector<double> samples);

struct Stats {
  std::map<std::string, std::vector<double>> seconds;                // operation -> latencies
  std::map<std::string, std::map<std::string, std::size_t>> errors;  // operation -> outcome -> n
  std::size_t requests = 0;

  void record(const std::string& operation, const Response& r, double elapsed);
  void merge(const Stats& other);
};

// Shared by every client, read by the progress line.
struct Progress {
  std::atomic<std::int64_t> layers{0};  // completed and checked
  std::atomic<std::int64_t> bytes{0};   // accepted layer bytes
  std::atomic<std::int64_t> requests{0};
  std::atomic<std::int64_t> errors{0};
};

}  // namespace ulp::load
