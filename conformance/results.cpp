#include "conformance/results.hpp"

#include <cstdio>

namespace ulp::conformance {

Totals count(const std::vector<CaseResult>& results, bool strict, double seconds) {
  Totals t;
  t.seconds = seconds;
  for (const auto& r : results) {
    ++t.total;
    ++t.by_verdict[r.verdict];
    t.requests += r.requests;
    if (r.verdict == Verdict::skip)
      ++t.skipped;
    else if (fails_run(r.verdict, strict))
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
  return line + rate;
}

void apply_expected_failures(CaseResult& r, const ExpectedFailures& expected) {
  auto reason = expected.reason_for(r.test->id);
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

namespace {
int severity(Verdict v) {
  switch (v) {
    case Verdict::fail:
      return 7;
    case Verdict::error:
      return 6;
    case Verdict::xpass:
      return 5;
    case Verdict::non_strict:
      return 4;
    case Verdict::xfail:
      return 3;
    case Verdict::info:
      return 2;
    case Verdict::pass:
      return 1;
    case Verdict::skip:
      return 0;
  }
  return 0;
}
}  // namespace

std::vector<RequirementResult> requirement_results(const std::vector<CaseResult>& results) {
  std::vector<RequirementResult> out;
  for (const auto& req : Spec::get().requirements) {
    RequirementResult rr;
    rr.requirement = &req;
    std::optional<Verdict> worst;
    for (const auto& r : results) {
      auto it = r.by_requirement.find(req.id);
      if (it == r.by_requirement.end()) continue;
      rr.cases[it->second].push_back(r.test->id);
      if (!worst || severity(it->second) > severity(*worst)) worst = it->second;
      for (const auto& a : r.probes)
        if (a.requirement == req.id) rr.answers.emplace_back(r.test->id, a);
    }
    rr.verdict = worst ? std::string(name(*worst)) : "NOT RUN";
    out.push_back(std::move(rr));
  }
  return out;
}

}  // namespace ulp::conformance
