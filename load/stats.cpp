#include "load/stats.hpp"

#include <algorithm>
#include <cmath>

#include "core/races.hpp"

namespace ulp::load {

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const double rank = std::ceil(p / 100.0 * static_cast<double>(sorted.size()));
  const auto index = static_cast<std::size_t>(std::max(rank, 1.0)) - 1;
  return sorted[std::min(index, sorted.size() - 1)];
}

Percentiles summarize(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  Percentiles out;
  out.count = samples.size();
  out.p50 = percentile(samples, 50);
  out.p90 = percentile(samples, 90);
  out.p99 = percentile(samples, 99);
  out.max = samples.empty() ? 0 : samples.back();
  return out;
}

void Stats::record(const std::string& operation, const Response& r, double elapsed) {
  ++requests;
  seconds[operation].push_back(elapsed);
  if (!r.ok()) ++errors[operation][outcome_of(r)];
}

void Stats::merge(const Stats& other) {
  requests += other.requests;
  for (const auto& [op, s] : other.seconds) {
    auto& mine = seconds[op];
    mine.insert(mine.end(), s.begin(), s.end());
  }
  for (const auto& [op, by_type] : other.errors)
    for (const auto& [type, n] : by_type) errors[op][type] += n;
}

}  // namespace ulp::load
