#include "conformance/traceability.hpp"

#include <algorithm>
#include <cstdio>

namespace ulp::conformance {

Traceability trace(const std::vector<Case>& cases, const std::vector<Requirement>& requirements) {
  Traceability t;
  for (const auto& r : requirements) {
    Traceability::Row row{&r, {}};
    for (const auto& c : cases)
      if (std::find(c.requirements.begin(), c.requirements.end(), r.id) != c.requirements.end() &&
          std::find(row.cases.begin(), row.cases.end(), c.fixture_id) == row.cases.end())
        row.cases.push_back(c.fixture_id);
    if (row.cases.empty())
      t.problems.push_back(r.id + " (" + r.level + ") has no case" +
                           (r.level == "PROBE" ? " to record its answer" : ""));
    t.rows.push_back(std::move(row));
  }
  for (const auto& c : cases)
    for (const auto& step : c.steps)
      for (const auto& e : step.expect)
        if (e.requirement.empty())
          t.problems.push_back(c.id + " (" + c.file.string() + ") " + e.where +
                               " names no requirement, nor does its step");
  for (const auto& c : cases)
    for (const auto& id : c.checked_requirements())
      if (std::none_of(requirements.begin(), requirements.end(),
                       [&](const Requirement& r) { return r.id == id; }))
        t.problems.push_back(c.id + " (" + c.file.string() + ") names " + id +
                             ", which spec/requirements.json does not have");
  return t;
}

std::string format_traceability(const Traceability& t) {
  std::string out;
  char line[256];
  for (const auto& row : t.rows) {
    std::snprintf(line, sizeof line, "%-32s %-7s %3zu  ", row.requirement->id.c_str(),
                  row.requirement->level.c_str(), row.cases.size());
    out += line;
    for (std::size_t i = 0; i < row.cases.size(); ++i) out += (i ? ", " : "") + row.cases[i];
    out += row.cases.empty() ? "-- NO CASE\n" : "\n";
  }
  for (const auto& p : t.problems) out += "traceability: " + p + "\n";
  std::snprintf(line, sizeof line, "%zu requirements, %zu problems\n", t.rows.size(),
                t.problems.size());
  return out + line;
}

}  // namespace ulp::conformance
