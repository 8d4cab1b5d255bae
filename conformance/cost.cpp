#include "conformance/cost.hpp"

#include <algorithm>
#include <cstdio>

#include "conformance/case_environment.hpp"
#include "core/rate_limiter.hpp"

namespace ulp::conformance {

using nlohmann::json;

namespace {

// Stands in for the target while the cost is worked out: nothing is sent.
class Unsent : public Target {
 public:
  Response send(const Request&) override {
    Response r;
    r.transport_error = "not sent: the cost of a case is known before the run";
    return r;
  }
  std::string describe() const override { return "nowhere"; }
};

std::int64_t base64_size(std::int64_t n) {
  return (n + 2) / 3 * 4;
}

bool mentions(const Case& c, const std::string& name) {
  for (const auto& [variable, value] : c.variables)  // a forEach value is a template too
    if (value.dump().find(name) != std::string::npos) return true;
  for (const Step& s : c.steps) {
    const std::string text = (s.request ? s.request->dump() : "") + s.raw_body.value_or("");
    if (text.find(name) != std::string::npos) return true;
  }
  return false;
}

std::string thousands(std::int64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

Cost& Cost::operator+=(const Cost& other) {
  requests += other.requests;
  bytes += other.bytes;
  for (const auto& [op, n] : other.by_operation) by_operation[op] += n;
  exact = exact && other.exact;
  return *this;
}

double Cost::shortest_seconds(const std::map<std::string, double>& rates) const {
  double seconds = 0;
  const RateLimiter limiter(rates);  // its rate(): the operation's, else "*", else none
  // A bucket starts full (a second's worth), then refills at the rate.
  for (const auto& [op, n] : by_operation)
    if (double r = limiter.rate(op); r > 0) seconds = std::max(seconds, std::max(0.0, (n - r) / r));
  return seconds;
}

Cost estimate_cost(const Case& c, const RunSettings& settings) {
  Cost cost;
  Unsent nowhere;
  CaseRepositories repositories(
      settings, nowhere, [](const Request&, const Response&, double) {}, c.id);
  CaseEnvironment env(c, settings, repositories);
  for (const auto& [name, value] : c.variables) env.set(name, value);
  // The repositories the runner makes for the case, and deletes after it.
  if (!settings.repository_name)
    for (const char* name :
         {"${repositoryName", "${otherRepositoryName", "${disposableRepositoryName"})
      if (mentions(c, name)) {
        cost.requests += 2;
        cost.by_operation["CreateRepository"] += 1;
        cost.by_operation["DeleteRepository"] += 1;
      }
  // A request of a step (its own, or one sent alongside it), sent n times.
  auto add = [&](const Step& s, std::int64_t n) {
    std::int64_t body = 0;
    if (s.raw_body) {
      body = static_cast<std::int64_t>(s.raw_body->size());
    } else if (s.request && s.request->is_object()) {
      json rest = *s.request;
      for (auto& [member, value] : s.request->items()) {
        if (!value.is_object() || !value.contains("$blob")) continue;
        rest.erase(member);
        try {
          const json& b = value["$blob"];
          const std::int64_t size = b.is_string()
                                        ? env.integer(c.blobs.at(b.get<std::string>()).size)
                                        : env.integer(b.at("size"));
          body += base64_size(size) + static_cast<std::int64_t>(member.size()) + 6;
        } catch (const std::exception&) {
          cost.exact = false;
        }
      }
      body += static_cast<std::int64_t>(rest.dump().size());
    }
    cost.requests += n;
    cost.bytes += n * body;
    cost.by_operation[s.op] += n;
  };
  for (const Step& s : c.steps) {
    std::int64_t times = 1;
    if (s.repeat) {
      try {
        times = env.integer(*s.repeat);
      } catch (const std::exception&) {
        cost.exact = false;  // it depends on an answer
      }
    }
    times = std::max<std::int64_t>(times, 0);
    add(s, times * std::max(s.copies, 1));
    for (const Step& other : s.alongside) add(other, times);
  }
  return cost;
}

std::string describe_cost(const Cost& cost) {
  char size[32];
  const double b = static_cast<double>(cost.bytes);
  if (b >= 1e9)
    std::snprintf(size, sizeof size, "%.1f GB", b / 1e9);
  else if (b >= 1e6)
    std::snprintf(size, sizeof size, "%.1f MB", b / 1e6);
  else
    std::snprintf(size, sizeof size, "%.1f kB", b / 1e3);
  return std::string(cost.exact ? "" : "about ") + thousands(cost.requests) +
         (cost.requests == 1 ? " request, " : " requests, ") + size;
}

}  // namespace ulp::conformance
