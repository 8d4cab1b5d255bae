#include <fstream>
#include <iomanip>
#include <sstream>
#include <stdexcept>

#include "conformance/markup.hpp"
#include "conformance/reports.hpp"

namespace ulp::conformance {

void write_html_report(const std::filesystem::path& file, const RunReport& report) {
  const RunInfo& i = report.info;
  const Totals& t = report.totals;
  std::ostringstream o;
  o << "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    << "<title>" << escape_markup(i.tool) << ": " << escape_markup(i.target) << "</title><style>"
    << html_report_style() << "</style></head><body>\n";
  o << "<h1>" << escape_markup(i.tool) << ": " << escape_markup(i.target)
    << "</h1>\n<div class=\"meta\">" << escape_markup(i.started_at) << " · limits "
    << escape_markup(i.limits) << " · seed " << i.seed << " · "
    << (i.grading.strict ? "strict" : "not strict") << " · " << t.requests << " requests in "
    << std::fixed << std::setprecision(1) << t.seconds << std::defaultfloat << " s"
    << (t.retries ? " · " + std::to_string(t.retries) + " retries" : "")
    << (i.filters.empty() ? "" : " · filter " + escape_markup(i.filters[0])) << "</div>\n<div>";
  o << "<span class=\"badge " << (t.failed ? "fail" : "pass") << "\">" << t.passed << " passed, "
    << t.failed << " failed, " << t.skipped << " skipped</span>";
  for (Verdict v : kAllVerdicts) {
    auto it = t.by_verdict.find(v);
    if (it == t.by_verdict.end() || it->second == 0) continue;
    o << "<span class=\"badge " << verdict_css_class(std::string(name(v))) << "\">" << name(v)
      << " " << it->second << "</span>";
  }
  o << "</div>\n";
  o << "<pre>" << escape_markup(requirement_summary(report.cases, report.requirements))
    << "</pre>\n";

  // The matrix: one row per requirement, one column per verdict, the cases counted; a
  // requirement none of whose checks ran shows what blocked it.
  std::vector<Verdict> columns(std::begin(kAllVerdicts), std::end(kAllVerdicts));
  columns.push_back(Verdict::not_reached);
  o << "<h2>Requirements × verdicts</h2>\n<table><tr><th>requirement</th><th>level</th>"
    << "<th>verdict</th>";
  for (Verdict v : columns) o << "<th>" << name(v) << "</th>";
  o << "<th>statement</th></tr>\n";
  for (const auto& rr : report.requirements) {
    o << "<tr><td>" << escape_markup(rr.requirement->id) << "</td><td>" << rr.requirement->level
      << "</td><td class=\"" << verdict_css_class(rr.verdict) << "\">" << rr.verdict << "</td>";
    for (Verdict v : columns) {
      auto it = rr.cases.find(v);
      if (it == rr.cases.end()) {
        o << "<td class=\"n zero\">·</td>";
        continue;
      }
      std::string ids;
      for (const auto& id : it->second) ids += (ids.empty() ? "" : ", ") + id;
      o << "<td class=\"n " << verdict_css_class(std::string(name(v))) << "\" title=\""
        << escape_markup(ids) << "\">" << it->second.size() << "</td>";
    }
    o << "<td class=\"statement\">" << escape_markup(rr.requirement->statement);
    if (rr.verdict == name(Verdict::not_reached) && !rr.blocked_by.empty())
      o << "<div class=\"meta\">blocked by " << escape_markup(rr.blocked_by.front().what)
        << "</div>";
    o << "</td></tr>\n";
  }
  o << "</table>\n";

  // Probes: what the target answered where AWS documents nothing.
  o << "<h2>Probe answers</h2>\n<table><tr><th>requirement</th><th>case</th><th>answer</th>"
    << "<th>the reference answers</th></tr>\n";
  for (const auto& rr : report.requirements)
    for (const auto& [id, a] : rr.answers)
      o << "<tr><td>" << escape_markup(rr.requirement->id) << "</td><td>" << escape_markup(id)
        << "</td><td class=\"" << (a.as_reference ? "pass" : "non-strict") << "\">"
        << escape_markup(a.answer) << "</td><td>" << escape_markup(a.reference) << "</td></tr>\n";
  o << "</table>\n";

  // Failures, each with what went over the wire and how to reproduce it.
  o << "<h2>Failures and errors</h2>\n";
  int shown = 0;
  for (const auto& r : report.cases) {
    if (r.verdict == Verdict::pass || r.verdict == Verdict::info || r.verdict == Verdict::skip)
      continue;
    ++shown;
    std::string v(name(r.verdict));
    o << "<div class=\"case\" id=\"" << escape_markup(r.test.id) << "\"><b class=\"badge "
      << verdict_css_class(v) << "\">" << v << "</b> <b>" << escape_markup(r.test.id) << "</b> — "
      << escape_markup(r.test.title) << "<div class=\"meta\">";
    for (const auto& q : r.test.requirements) o << escape_markup(q) << " ";
    o << "· " << escape_markup(r.test.file) << "</div>";
    if (auto root = r.root_cause(); !root.empty())
      o << "<div>broken first: <b>" << escape_markup(root) << "</b></div>";
    if (auto unreached = r.unreached_requirements(); !unreached.empty() && r.blocker) {
      std::string ids;
      for (const auto& u : unreached) ids += " " + u;
      o << "<div class=\"meta\">not reached (blocked by " << escape_markup(r.blocker->what)
        << "):" << escape_markup(ids) << "</div>";
    }
    if (!r.expected_failure.empty())
      o << "<div>expected to fail: " << escape_markup(r.expected_failure) << "</div>";
    o << "<pre>";
    for (const auto& d : r.details) o << escape_markup(d) << "\n";
    if (r.details.empty()) o << escape_markup(r.reason) << "\n";
    o << "</pre>";
    if (!r.reproduction.empty()) {
      o << "<div>Reproduce:</div><pre>";
      for (const auto& line : r.reproduction) o << escape_markup(line) << "\n";
      o << "</pre>";
    }
    o << "<details open><summary>wire exchange (" << r.exchanges.size() << " requests";
    if (r.exchanges_omitted) o << ", " << r.exchanges_omitted << " more not kept";
    o << "; secrets masked, blobs abbreviated)</summary>";
    for (const auto& e : r.exchanges)
      o << "<div class=\"meta\">"
        << (e.step ? "step " + std::to_string(e.step) : std::string("the runner's own request"))
        << ": " << escape_markup(e.operation) << "</div><pre>" << escape_markup(e.text())
        << "</pre>";
    o << "</details></div>\n";
  }
  if (!shown) o << "<p>None.</p>\n";

  o << "<h2>All cases</h2>\n<table><tr><th>verdict</th><th>case</th><th>title</th>"
    << "<th>requirements</th><th>s</th><th>note</th></tr>\n";
  for (const auto& r : report.cases) {
    std::string v(name(r.verdict));
    std::string reqs;
    for (const auto& q : r.test.requirements) reqs += (reqs.empty() ? "" : " ") + q;
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.3f", r.seconds);
    o << "<tr><td class=\"" << verdict_css_class(v) << "\">" << v << "</td><td>"
      << escape_markup(r.test.id) << "</td><td>" << escape_markup(r.test.title) << "</td><td>"
      << escape_markup(reqs) << "</td><td>" << secs << "</td><td>" << escape_markup(r.reason)
      << "</td></tr>\n";
  }
  o << "</table>\n</body></html>\n";

  std::ofstream out(file, std::ios::binary);
  out << o.str();
  if (!out) throw std::runtime_error(file.string() + ": cannot be written");
}

}  // namespace ulp::conformance
