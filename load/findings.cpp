#include "load/findings.hpp"

#include "core/spec.hpp"

namespace ulp::load {

void Findings::add(const std::string& requirement, const std::string& example) {
  Broken& b = broken[requirement];
  if (b.count++ == 0) b.example = example;
}

void Findings::merge(const Findings& other) {
  for (const auto& [id, b] : other.broken) {
    Broken& mine = broken[id];
    if (mine.count == 0) mine.example = b.example;
    mine.count += b.count;
  }
  for (const auto& [id, outcomes] : other.races)
    for (const auto& [combination, n] : outcomes) races[id][combination] += n;
  lost_bytes += other.lost_bytes;
}

Grading grade_findings(const Findings& f, const GradingPolicy& policy, bool error) {
  Grading g;
  g.verdict = error ? Verdict::error : Verdict::pass;
  for (const auto& [id, b] : f.broken) {
    const Requirement* r = Spec::get().requirement(id);
    Violation v;
    v.requirement = id;
    v.level = r ? r->level : "MUST";
    v.verdict = grade(v.level, false, policy);
    v.count = b.count;
    v.example = b.example;
    g.verdict = worse(g.verdict, v.verdict);
    g.violations.push_back(std::move(v));
  }
  g.fails = fails_run(g.verdict, policy);
  return g;
}

}  // namespace ulp::load
