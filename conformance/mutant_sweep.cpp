#include "conformance/mutant_sweep.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "conformance/case_runner.hpp"
#include "conformance/endpoint.hpp"
#include "conformance/watchdog.hpp"
#include "core/spec.hpp"
#include "reference/authenticator.hpp"
#include "reference/embedded_server.hpp"
#include "reference/handler.hpp"

namespace ulp::conformance {

namespace {

struct Job {
  reference::Mutant mutant;
  std::string name, what;
  std::vector<std::string> declared;
  bool probes;
};

bool declares_a_probe(const std::vector<std::string>& ids) {
  return std::any_of(ids.begin(), ids.end(), [](const std::string& id) {
    const Requirement* r = Spec::get().requirement(id);
    return r && r->level == "PROBE";
  });
}

std::string known_key(const std::string& mutant, const std::string& requirement,
                      const std::string& case_id) {
  return mutant + " " + requirement + " " + case_id;
}

MutantOutcome run_job(const Job& job, const std::vector<const Case*>& cases,
                      const RunSettings& settings, const KnownFalseAttributions& known,
                      std::set<std::string>& seen_known, std::mutex& seen_mutex,
                      std::atomic<int>& requests) {
  auto start = std::chrono::steady_clock::now();
  RunSettings run = settings;
  run.grading.match_reference_probes = job.probes;
  reference::EngineOptions options;
  options.profile = run.limits;
  options.mutant = job.mutant;
  options.seed = 7;
  reference::Engine engine(options);
  // Signed with fresh credentials that the handler verifies, so that the auth cases run too.
  const sigv4::Key key = reference::generated_key(settings.limits);
  reference::Authenticator authenticator({key}, settings.limits.region);
  reference::Handler handler(engine, &authenticator);
  InProcessEndpoint endpoint(handler, key.credentials, settings.limits.region);
  run.credentials = key.credentials;
  run.region = settings.limits.region;
  Watchdog watchdog(endpoint, 0, 0);
  CaseRunner runner(endpoint, run, watchdog, nullptr);
  MutantOutcome out;
  out.name = job.name;
  out.what = job.what;
  out.declared = job.declared;
  out.probes = job.probes;
  for (const Case* c : cases) {
    CaseResult r = runner.run(*c);
    requests += r.requests;
    // Reported as not met: a requirement with a check that ran and broke (never a verdict
    // inferred for a requirement whose checks did not run).
    bool broke = false;
    for (const auto& check : r.checks) {
      if (check.passed()) continue;
      broke = true;
      out.reported.insert(check.requirement);
      if (std::find(job.declared.begin(), job.declared.end(), check.requirement) !=
          job.declared.end())
        continue;
      auto key = known_key(job.name, check.requirement, c->id);
      auto listed = known.find(key);
      std::string where = check.requirement + " (" + c->id + " step " + std::to_string(check.step) +
                          ": " + check.message.substr(0, 160) + ")";
      if (listed == known.end()) {
        out.false_attributions.push_back(where);
      } else {
        out.known_false_attributions.push_back(where + " KNOWN: " + listed->second);
        std::lock_guard lock(seen_mutex);
        seen_known.insert(key);
      }
    }
    if (broke) out.catching.push_back(c->id);
    if (r.verdict == Verdict::error) out.errors.push_back(c->id + ": " + r.reason);
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out.empty() ? "-" : out;
}

double percent(int n, int of) {
  return of == 0 ? 100.0 : 100.0 * n / of;
}

}  // namespace

KnownFalseAttributions read_known_false_attributions(const std::string& path, std::string* error) {
  KnownFalseAttributions out;
  std::ifstream in(path);
  if (!in) {
    *error = path + ": cannot be read";
    return out;
  }
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    std::istringstream words(line);
    std::string mutant, requirement, case_id, why;
    if (!(words >> mutant) || mutant.starts_with("#")) continue;
    words >> requirement >> case_id;
    std::getline(words >> std::ws, why);
    if (case_id.empty() || why.empty() || !reference::mutant_named(mutant) ||
        !Spec::get().requirement(requirement)) {
      *error = path + ":" + std::to_string(number) +
               ": expected MUTANT REQUIREMENT CASE-ID and why, with a known mutant and requirement";
      return out;
    }
    out[known_key(mutant, requirement, case_id)] = why;
  }
  return out;
}

bool MutantOutcome::caught() const {
  return std::any_of(declared.begin(), declared.end(),
                     [&](const std::string& id) { return reported.count(id) > 0; });
}

int SweepResult::caught() const {
  return static_cast<int>(std::count_if(mutants.begin(), mutants.end(),
                                        [](const MutantOutcome& m) { return m.caught(); }));
}

int SweepResult::attributions() const {
  int n = 0;
  for (const auto& m : mutants) n += static_cast<int>(m.reported.size());
  return n;
}

int SweepResult::correct_attributions() const {
  int n = 0;
  for (const auto& m : mutants)
    for (const auto& id : m.reported)
      n += std::find(m.declared.begin(), m.declared.end(), id) != m.declared.end();
  return n;
}

bool SweepResult::ok() const {
  if (!reference_failures.empty()) return false;
  for (const auto& m : mutants)
    if (!m.errors.empty()) return false;
  for (const auto& m : mutants)
    if (!m.false_attributions.empty()) return false;
  return caught() == catchable();
}

int SweepResult::catchable() const {
  return static_cast<int>(std::count_if(
      mutants.begin(), mutants.end(), [](const MutantOutcome& m) { return m.equivalent.empty(); }));
}

SweepResult sweep_mutants(const std::vector<const Case*>& cases, const RunSettings& settings,
                          int threads, const KnownFalseAttributions& known) {
  auto start = std::chrono::steady_clock::now();
  // The reference answers every probe as spec/requirements.json says: it runs with probes on.
  std::vector<Job> jobs = {{reference::Mutant::none, "none", "the reference itself", {}, true}};
  for (const auto& m : reference::mutants()) {
    std::vector<std::string> declared(m.breaks.begin(), m.breaks.end());
    jobs.push_back(
        {m.mutant, std::string(m.name), std::string(m.what), declared, declares_a_probe(declared)});
  }
  std::vector<MutantOutcome> outcomes(jobs.size());
  std::atomic<std::size_t> next{0};
  std::atomic<int> requests{0};
  std::set<std::string> seen_known;
  std::mutex seen_mutex;
  std::vector<std::thread> pool;
  for (int t = 0; t < std::max(1, threads); ++t)
    pool.emplace_back([&] {
      for (std::size_t i; (i = next++) < jobs.size();) {
        if (auto why = reference::equivalent_under(jobs[i].mutant, settings.limits)) {
          MutantOutcome& o = outcomes[i];
          o.name = jobs[i].name;
          o.what = jobs[i].what;
          o.declared = jobs[i].declared;
          o.probes = jobs[i].probes;
          o.equivalent = std::string(*why);
          continue;
        }
        outcomes[i] = run_job(jobs[i], cases, settings, known, seen_known, seen_mutex, requests);
      }
    });
  for (auto& t : pool) t.join();

  SweepResult result;
  result.reference_failures = outcomes.front().false_attributions;
  for (const auto& e : outcomes.front().errors) result.reference_failures.push_back(e);
  result.mutants.assign(outcomes.begin() + 1, outcomes.end());
  for (const auto& [key, why] : known)
    if (!seen_known.count(key)) result.stale_known.push_back(key);
  result.requests = requests;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

std::string format_sweep(const SweepResult& r) {
  std::string out;
  if (!r.reference_failures.empty()) {
    out += "THE REFERENCE ITSELF BREAKS CHECKS (fix it or the case first):\n";
    for (const auto& f : r.reference_failures) out += "  " + f + "\n";
  }
  char line[1024];
  std::snprintf(line, sizeof line, "%-31s %-7s %-52s %s\n", "mutant", "caught", "declared",
                "reported (requirements with a broken check)");
  out += line;
  for (const auto& m : r.mutants) {
    std::vector<std::string> reported(m.reported.begin(), m.reported.end());
    std::string declared = joined(m.declared) + (m.probes ? " (probes)" : "");
    std::snprintf(line, sizeof line, "%-31s %-7s %-52s %s\n", m.name.c_str(),
                  !m.equivalent.empty() ? "-"
                  : m.caught()          ? "yes"
                                        : "NO",
                  declared.c_str(), m.equivalent.empty() ? joined(reported).c_str() : "(not run)");
    out += line;
    if (!m.equivalent.empty())
      out += "    equivalent to the reference at these limits: " + m.equivalent + "\n";
    else if (!m.caught())
      out += "    NOT CAUGHT by a check of what it breaks: " + m.what + "\n";
    for (const auto& f : m.false_attributions) out += "    FALSE ATTRIBUTION " + f + "\n";
    for (const auto& f : m.known_false_attributions)
      out += "    known false attribution " + f + "\n";
    for (const auto& e : m.errors) out += "    ERROR " + e + "\n";
  }
  for (const auto& s : r.stale_known)
    out += "known false attribution not seen in this run (at no limits? take it out): " + s + "\n";
  int known = 0, unknown = 0;
  for (const auto& m : r.mutants) {
    known += static_cast<int>(m.known_false_attributions.size());
    unknown += static_cast<int>(m.false_attributions.size());
  }
  const int mutants = r.catchable();
  std::snprintf(line, sizeof line,
                "recall %d/%d (%.1f%%), precision %d/%d (%.1f%%); false attributions: %d new, "
                "%d known; the reference breaks %zu checks; %d requests in %.1f s\n",
                r.caught(), mutants, percent(r.caught(), mutants), r.correct_attributions(),
                r.attributions(), percent(r.correct_attributions(), r.attributions()), unknown,
                known, r.reference_failures.size(), r.requests, r.seconds);
  return out + line;
}

}  // namespace ulp::conformance
