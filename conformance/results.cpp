#include "conformance/results.hpp"

#include <algorithm>
#include <cstdio>

namespace ulp::conformance {

Totals count(const std::vector<CaseResult>& results, const GradingPolicy& policy, double seconds) {
  Totals t;
  t.seconds = seconds;
  for (const auto& r : results) {
    ++t.total;
    ++t.by_verdict[r.verdict];
    t.requests += r.requests;
    t.retries += r.retries;
    if (r.verdict == Verdict::skip)
      ++t.skipped;
    else if (fails_run(r.verdict, policy))
      ++t.failed;
    else
      ++t.passed;
  }
  return t;
}

std::string closing_line(const Totals& t) {
  std::string line = std::to_string(t.passed) + " passed, " + std::to_string(t.failed) +
                     " failed, " + std::to_string(t.skipped) + " skipped;";
  for (Verdict v : kAllVerdicts) {
    auto it = t.by_verdict.find(v);
    line += " " + std::string(name(v)) + " " +
            std::to_string(it == t.by_verdict.end() ? 0 : it->second) +
            (v == Verdict::xpass ? ";" : ",");
  }
  char rate[96];
  std::snprintf(rate, sizeof rate, " %d requests in %.1f s (%.0f requests/s)", t.requests,
                t.seconds, t.seconds > 0 ? t.requests / t.seconds : 0.0);
  line += rate;
  if (t.retries)  // throttling or transient faults, sent again
    line += ", " + std::to_string(t.retries) + (t.retries == 1 ? " retry" : " retries");
  return line;
}

void apply_expected_failures(CaseResult& r, const ExpectedFailures& expected) {
  auto reason = expected.reason_for(r.test.id);
  if (!reason) return;
  r.expected_failure = *reason;
  if (r.verdict == Verdict::fail || r.verdict == Verdict::error ||
      r.verdict == Verdict::non_strict) {
    r.verdict = Verdict::xfail;
    for (auto& [id, v] : r.by_requirement)
      if (v == Verdict::fail || v == Verdict::error || v == Verdict::non_strict) v = Verdict::xfail;
  } else if (r.verdict == Verdict::pass || r.verdict == Verdict::info) {
    r.verdict = Verdict::xpass;
    r.reason =
        "listed as an expected failure (" + *reason + ") but it passes: take it out of the file";
  }
}

std::vector<RequirementResult> requirement_results(const std::vector<CaseResult>& results) {
  std::vector<RequirementResult> out;
  for (const auto& req : Spec::get().requirements()) {
    RequirementResult rr;
    rr.requirement = &req;
    std::optional<Verdict> worst;
    for (const auto& r : results) {
      auto it = r.by_requirement.find(req.id);
      if (it == r.by_requirement.end()) continue;
      rr.cases[it->second].push_back(r.test.id);
      worst = worst ? worse(*worst, it->second) : it->second;
      if (it->second == Verdict::not_reached && r.blocker) rr.blocked_by.push_back(*r.blocker);
      for (const auto& a : r.probes)
        if (a.requirement == req.id) rr.answers.emplace_back(r.test.id, a);
    }
    rr.verdict = worst ? std::string(name(*worst)) : "NOT RUN";
    out.push_back(std::move(rr));
  }
  return out;
}

std::vector<const RequirementResult*> not_met(const std::vector<RequirementResult>& requirements) {
  std::vector<const RequirementResult*> out;
  for (const auto& rr : requirements)
    if (rr.verdict == name(Verdict::fail) || rr.verdict == name(Verdict::non_strict))
      out.push_back(&rr);
  return out;
}

std::vector<Unreached> not_reached(const std::vector<CaseResult>& results,
                                   const std::vector<RequirementResult>& requirements) {
  std::map<std::string, int> cut;  // blocker -> checks it left unjudged
  for (const auto& r : results)
    if (r.blocker) cut[r.blocker->requirement] += static_cast<int>(r.unreached.size());
  std::vector<Unreached> out;
  for (const auto& rr : requirements)
    if (rr.verdict == name(Verdict::not_reached) && !rr.blocked_by.empty()) {
      const Blocker& b = rr.blocked_by.front();
      out.push_back({&rr, b, cut[b.requirement]});
    }
  std::stable_sort(out.begin(), out.end(), [](const Unreached& a, const Unreached& b) {
    return a.blocker_cut > b.blocker_cut;
  });
  return out;
}

std::string requirement_summary(const std::vector<CaseResult>& results,
                                const std::vector<RequirementResult>& requirements) {
  std::string out;
  auto unmet = not_met(requirements);
  if (!unmet.empty()) {
    out += "requirements not met:";
    for (const auto* rr : unmet)
      out += " " + rr->requirement->id + " (" + rr->requirement->level + ")";
    out += "\n";
  }
  auto unreached = not_reached(results, requirements);
  if (!unreached.empty()) {
    out += "requirements not reached: " + std::to_string(unreached.size()) + "\n";
    for (const auto& u : unreached)
      out += "  " + u.requirement->requirement->id + "  blocked by " + u.blocker.what + "\n";
  }
  return out;
}

}  // namespace ulp::conformance
