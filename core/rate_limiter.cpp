#include "core/rate_limiter.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "core/spec.hpp"
#include "spec/embedded.hpp"

namespace ulp {

RateLimiter::RateLimiter(std::map<std::string, double> rates) {
  for (auto& [operation, rate] : rates)
    if (rate > 0) rates_[operation] = rate;
}

double RateLimiter::rate(const std::string& operation) const {
  auto it = rates_.find(operation);
  if (it == rates_.end()) it = rates_.find("*");
  return it == rates_.end() ? 0 : it->second;
}

RateLimiter::Bucket* RateLimiter::refilled(const std::string& operation, double rate,
                                           Clock::time_point now) {
  if (rate <= 0) return nullptr;
  auto [it, added] = buckets_.try_emplace(operation, Bucket{rate, now});
  Bucket& b = it->second;
  const double elapsed = std::chrono::duration<double>(now - b.last).count();
  b.tokens = std::min(rate, b.tokens + elapsed * rate);
  b.last = now;
  return &b;
}

void RateLimiter::acquire(const std::string& operation) {
  Clock::duration wait{};
  {
    std::lock_guard lock(mutex_);
    const double r = rate(operation);
    Bucket* b = refilled(operation, r, Clock::now());
    if (!b) return;
    // The turn is taken now, below zero if need be: callers queue in the order they came.
    b->tokens -= 1;
    if (b->tokens < 0)
      wait = std::chrono::duration_cast<Clock::duration>(
          std::chrono::duration<double>(-b->tokens / r));
  }
  if (wait > Clock::duration::zero()) std::this_thread::sleep_for(wait);
}

bool RateLimiter::try_acquire(const std::string& operation) {
  std::lock_guard lock(mutex_);
  Bucket* b = refilled(operation, rate(operation), Clock::now());
  if (!b) return true;
  if (b->tokens < 1) return false;
  b->tokens -= 1;
  return true;
}

std::map<std::string, double> requests_per_second_of(const nlohmann::json& profile) {
  std::map<std::string, double> rates;
  if (profile.is_object() && profile.contains("requestsPerSecond"))
    for (const auto& [operation, rate] : profile["requestsPerSecond"].items())
      if (rate.is_number()) rates[operation] = rate.get<double>();  // "source" is text
  return rates;
}

std::map<std::string, double> load_rates(const std::string& name_or_path) {
  if (embedded_file("profiles/" + name_or_path + ".json"))
    return Profile::load(name_or_path).requests_per_second;
  std::ifstream in(name_or_path);
  if (!in) throw std::runtime_error("rates '" + name_or_path + "': no such profile or file");
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("requestsPerSecond"))
    throw std::runtime_error("rates " + name_or_path +
                             ": not a JSON object with a \"requestsPerSecond\" member");
  return requests_per_second_of(j);
}

std::string describe_rates(const std::map<std::string, double>& rates) {
  std::string out;
  auto number = [](double rate) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", rate);
    return std::string(buf);
  };
  for (const auto& [operation, rate] : rates) {
    if (rate <= 0) continue;
    out += out.empty() ? "at most " + number(rate) + " requests/s for "
                       : ", " + number(rate) + " for ";
    out += operation == "*" ? "every operation" : operation;
  }
  return out.empty() ? "no request rate limit" : out;
}

std::map<std::string, double> override_rates(std::map<std::string, double> base,
                                             const std::vector<std::string>& overrides) {
  for (const std::string& o : overrides) {
    const auto eq = o.find('=');
    const std::string operation = eq == std::string::npos ? "*" : o.substr(0, eq);
    const std::string number = eq == std::string::npos ? o : o.substr(eq + 1);
    double rate = 0;
    auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), rate);
    if (error != std::errc() || end != number.data() + number.size() || !(rate > 0) ||
        !std::isfinite(rate))
      throw std::invalid_argument("--max-rate " + o +
                                  ": give requests per second, > 0, as N or OPERATION=N");
    if (operation != "*" && !Spec::get().operation(operation))
      throw std::invalid_argument("--max-rate " + o + ": " + operation +
                                  " is not an operation of the service");
    if (operation == "*") base.clear();  // one rate for every operation, over the profile's
    base[operation] = rate;
  }
  return base;
}

}  // namespace ulp
