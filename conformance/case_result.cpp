#include "conformance/case_result.hpp"

#include <algorithm>

#include "conformance/fixture.hpp"

namespace ulp::conformance {

CaseInfo CaseInfo::of(const Case& c) {
  return {c.id,           c.title, c.file.string(), c.file.parent_path().filename().string(),
          c.requirements, c.tags};
}

std::string CaseResult::root_cause() const {
  for (const auto& c : checks)
    if (!c.passed()) return c.requirement;
  return "";
}

std::vector<std::string> CaseResult::unreached_requirements() const {
  std::vector<std::string> out;
  for (const auto& id : unreached) {
    auto it = by_requirement.find(id);
    if (it != by_requirement.end() && it->second == Verdict::not_reached &&
        std::find(out.begin(), out.end(), id) == out.end())
      out.push_back(id);
  }
  return out;
}

void attribute(CaseResult& r) {
  r.by_requirement.clear();
  for (const auto& c : r.checks) {
    auto [it, added] = r.by_requirement.emplace(c.requirement, c.verdict);
    if (!added) it->second = worse(it->second, c.verdict);
  }
  for (const auto& id : r.unreached) r.by_requirement.emplace(id, Verdict::not_reached);
  if (r.verdict == Verdict::skip || r.verdict == Verdict::error)
    for (const auto& id : r.test.requirements) r.by_requirement.emplace(id, r.verdict);
}

}  // namespace ulp::conformance
