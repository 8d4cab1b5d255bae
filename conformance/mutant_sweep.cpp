#include "conformance/mutant_sweep.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

#include "conformance/case_runner.hpp"
#include "conformance/embedded_reference.hpp"
#include "conformance/endpoint.hpp"
#include "conformance/watchdog.hpp"
#include "reference/authenticator.hpp"
#include "reference/handler.hpp"

namespace ulp::conformance {

namespace {

struct Job {
  reference::Mutant mutant;
  std::string name, breaks, what;
};

MutantOutcome run_job(const Job& job, const std::vector<const Case*>& cases,
                      const RunSettings& settings, std::atomic<int>& requests) {
  auto start = std::chrono::steady_clock::now();
  reference::EngineOptions options;
  options.profile = settings.limits;
  options.mutant = job.mutant;
  options.seed = 7;
  reference::Engine engine(options);
  // Signed with fresh credentials that the handler verifies, so that the auth cases run too.
  const sigv4::Key key = generated_key(settings.limits);
  reference::Authenticator authenticator({key}, settings.limits.region);
  reference::Handler handler(engine, &authenticator);
  InProcessEndpoint endpoint(handler, key.credentials, settings.limits.region);
  RunSettings signed_settings = settings;
  signed_settings.credentials = key.credentials;
  signed_settings.region = settings.limits.region;
  Watchdog watchdog(endpoint, 0, 0);
  CaseRunner runner(endpoint, signed_settings, watchdog, nullptr);
  MutantOutcome out{job.name, job.breaks, job.what, {}, {}, false, 0};
  for (const Case* c : cases) {
    CaseResult r = runner.run(*c);
    requests += r.requests;
    if (r.verdict == Verdict::fail || r.verdict == Verdict::non_strict) {
      out.catching.push_back(c->id +
                             (job.mutant == reference::Mutant::none ? ": " + r.reason : ""));
      auto own = r.by_requirement.find(job.breaks);
      if (own != r.by_requirement.end() &&
          (own->second == Verdict::fail || own->second == Verdict::non_strict))
        out.caught_by_own_requirement = true;
    } else if (r.verdict == Verdict::error) {
      out.errors.push_back(c->id + ": " + r.reason);
    }
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace

bool SweepResult::ok() const {
  if (!reference_failures.empty()) return false;
  // Caught by a case of the very rule it breaks: else that rule's cases would miss the bug.
  for (const auto& m : mutants)
    if (!m.caught_by_own_requirement || !m.errors.empty()) return false;
  return true;
}

SweepResult sweep_mutants(const std::vector<const Case*>& cases, const RunSettings& settings,
                          int threads) {
  auto start = std::chrono::steady_clock::now();
  std::vector<Job> jobs = {{reference::Mutant::none, "none", "", "the reference itself"}};
  for (const auto& m : reference::mutants())
    jobs.push_back({m.mutant, std::string(m.name), std::string(m.breaks), std::string(m.what)});
  std::vector<MutantOutcome> outcomes(jobs.size());
  std::atomic<std::size_t> next{0};
  std::atomic<int> requests{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < std::max(1, threads); ++t)
    pool.emplace_back([&] {
      for (std::size_t i; (i = next++) < jobs.size();)
        outcomes[i] = run_job(jobs[i], cases, settings, requests);
    });
  for (auto& t : pool) t.join();

  SweepResult result;
  result.reference_failures = outcomes.front().catching;
  for (const auto& e : outcomes.front().errors) result.reference_failures.push_back(e);
  result.mutants.assign(outcomes.begin() + 1, outcomes.end());
  result.requests = requests;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

std::string format_sweep(const SweepResult& r) {
  std::string out;
  if (!r.reference_failures.empty()) {
    out += "THE REFERENCE ITSELF FAILS (fix it or the case first):\n";
    for (const auto& f : r.reference_failures) out += "  " + f + "\n";
  }
  char line[512];
  std::snprintf(line, sizeof line, "%-33s %-29s %-7s %s\n", "mutant", "breaks", "caught",
                "cases that catch it");
  out += line;
  int caught = 0;
  for (const auto& m : r.mutants) {
    std::string cases;
    for (std::size_t i = 0; i < m.catching.size() && i < 6; ++i)
      cases += (i ? ", " : "") + m.catching[i];
    if (m.catching.size() > 6) cases += ", ... (" + std::to_string(m.catching.size()) + " in all)";
    const char* verdict = m.catching.empty() ? "NO" : m.caught_by_own_requirement ? "yes" : "yes*";
    caught += !m.catching.empty();
    std::snprintf(line, sizeof line, "%-33s %-29s %-7s ", m.name.c_str(), m.breaks.c_str(),
                  verdict);
    out += line + (cases.empty() ? "-- NOT CAUGHT: " + m.what : cases) + "\n";
    for (const auto& e : m.errors) out += "    ERROR " + e + "\n";
  }
  std::snprintf(line, sizeof line,
                "%d of %zu mutants caught (yes*: only by cases of other requirements, which "
                "fails the check); %d requests in %.1f s\n",
                caught, r.mutants.size(), r.requests, r.seconds);
  return out + line;
}

}  // namespace ulp::conformance
