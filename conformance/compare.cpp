#include "conformance/compare.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "conformance/markup.hpp"

namespace ulp::conformance {

using nlohmann::json;

namespace {

// What the endpoint answered a PROBE with, shortened for a cell: its first answer.
std::string probe_answer(const json& requirement) {
  if (!requirement.contains("answers") || requirement["answers"].empty()) return "";
  std::string a = requirement["answers"][0].value("answer", "");
  if (a.size() > 72) a = a.substr(0, 69) + "...";
  if (requirement["answers"][0].value("as_reference", false)) a += " (as the reference)";
  return a;
}

const char* ansi(const std::string& verdict) {
  if (verdict == "PASS") return "\033[32m";
  if (verdict == "FAIL" || verdict == "ERROR") return "\033[31m";
  if (verdict == "NON-STRICT") return "\033[33m";
  if (verdict == "INFO") return "\033[36m";
  return "\033[2m";
}

}  // namespace

std::vector<ComparedEndpoint> load_compared(const std::vector<std::string>& arguments) {
  std::vector<ComparedEndpoint> out;
  for (const std::string& argument : arguments) {
    const auto eq = argument.find('=');
    const std::string file = eq == std::string::npos ? argument : argument.substr(eq + 1);
    ComparedEndpoint e;
    e.label = eq == std::string::npos ? std::filesystem::path(file).stem().string()
                                      : argument.substr(0, eq);
    std::ifstream in(file);
    if (!in) throw std::runtime_error("--compare: cannot read " + file);
    e.report = json::parse(in, nullptr, false);
    if (e.report.is_discarded() || !e.report.is_object() ||
        e.report.value("tool", "") != "ulp-conformance" || !e.report.contains("requirements"))
      throw std::runtime_error("--compare: " + file +
                               " is not a JSON report of ulp-conformance (--report-json)");
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<ComparedRequirement> compare(const std::vector<ComparedEndpoint>& endpoints) {
  std::vector<ComparedRequirement> rows;
  std::map<std::string, std::size_t> row_of;
  for (std::size_t k = 0; k < endpoints.size(); ++k) {
    for (const json& r : endpoints[k].report["requirements"]) {
      const std::string id = r.value("id", "");
      auto [it, added] = row_of.try_emplace(id, rows.size());
      if (added) {
        ComparedRequirement row;
        row.id = id;
        row.level = r.value("level", "");
        row.statement = r.value("statement", "");
        row.verdicts.assign(endpoints.size(), "NOT RUN");
        row.answers.assign(endpoints.size(), "");
        rows.push_back(std::move(row));
      }
      ComparedRequirement& row = rows[it->second];
      row.verdicts[k] = r.value("verdict", "NOT RUN");
      if (row.level == "PROBE") row.answers[k] = probe_answer(r);
    }
  }
  for (auto& row : rows) {
    auto same = [](const std::vector<std::string>& v) {
      return std::all_of(v.begin(), v.end(), [&](const std::string& x) { return x == v[0]; });
    };
    // An answer differs by its repository and upload names from run to run: compare its start.
    std::vector<std::string> kinds;
    for (const auto& a : row.answers) kinds.push_back(a.substr(0, a.find(' ', 4)));
    row.differs = !same(row.verdicts) || !same(kinds);
  }
  return rows;
}

void print_comparison(std::ostream& out, const std::vector<ComparedEndpoint>& endpoints,
                      bool color) {
  const auto rows = compare(endpoints);
  std::size_t id_width = 11;
  for (const auto& r : rows) id_width = std::max(id_width, r.id.size());
  std::vector<std::size_t> widths;
  for (const auto& e : endpoints) widths.push_back(std::max<std::size_t>(e.label.size(), 11));
  auto cell = [&](const std::string& text, std::size_t width) {
    return text + std::string(width > text.size() ? width - text.size() : 0, ' ');
  };
  out << cell("requirement", id_width) << "  " << cell("level", 6);
  for (std::size_t k = 0; k < endpoints.size(); ++k)
    out << "  " << cell(endpoints[k].label, widths[k]);
  out << "\n";
  int differing = 0;
  for (const auto& r : rows) {
    differing += r.differs;
    out << cell(r.id, id_width) << "  " << cell(r.level, 6);
    for (std::size_t k = 0; k < endpoints.size(); ++k)
      out << "  " << (color ? ansi(r.verdicts[k]) : "") << cell(r.verdicts[k], widths[k])
          << (color ? "\033[0m" : "");
    out << (r.differs ? "  *" : "") << "\n";
  }
  out << "\nPROBE answers where the endpoints differ:\n";
  for (const auto& r : rows) {
    if (r.level != "PROBE" || !r.differs) continue;
    out << "  " << r.id << "\n";
    for (std::size_t k = 0; k < endpoints.size(); ++k)
      out << "    " << cell(endpoints[k].label, widths[k]) << "  "
          << (r.answers[k].empty() ? "(no answer recorded)" : r.answers[k]) << "\n";
  }
  out << rows.size() << " requirements, " << endpoints.size() << " endpoints; " << differing
      << " requirements where they differ (*)\n";
  std::size_t label_width = 0;
  for (const auto& e : endpoints) label_width = std::max(label_width, e.label.size());
  for (const auto& e : endpoints) {
    const json& s = e.report["summary"];
    out << "  " << cell(e.label, label_width) << "  " << e.report["run"].value("target", "") << ": "
        << s.value("passed", 0) << " passed, " << s.value("failed", 0) << " failed, "
        << s.value("skipped", 0) << " skipped (limits " << e.report["run"].value("limits", "")
        << ")\n";
  }
}

void write_comparison_html(const std::filesystem::path& file,
                           const std::vector<ComparedEndpoint>& endpoints) {
  const auto rows = compare(endpoints);
  std::ostringstream o;
  o << "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    << "<title>ulp-conformance: compatibility matrix</title><style>" << html_report_style()
    << "td small { display: block; color: #454c5a; font-size: 11.5px; max-width: 260px; "
       "word-break: break-all; }\n"
    << "tr.differs td:first-child { font-weight: 600; }\n"
    << "td:first-child { white-space: nowrap; }\n"
    << "</style></head><body>\n<h1>Compatibility matrix: UploadLayerPart and its calls</h1>\n"
    << "<div class=\"meta\">" << rows.size() << " requirements of spec/requirements.json, "
    << endpoints.size() << " endpoints; requirements where they differ in bold</div>\n";
  o << "<table><tr><th>requirement</th><th>level</th>";
  for (const auto& e : endpoints)
    o << "<th title=\"" << escape_markup(e.report["run"].value("target", "")) << "\">"
      << escape_markup(e.label) << "</th>";
  o << "<th>statement</th></tr>\n";
  for (const auto& r : rows) {
    o << "<tr" << (r.differs ? " class=\"differs\"" : "") << "><td>" << escape_markup(r.id)
      << "</td><td>" << escape_markup(r.level) << "</td>";
    for (std::size_t k = 0; k < endpoints.size(); ++k) {
      o << "<td class=\"" << verdict_css_class(r.verdicts[k]) << "\">"
        << escape_markup(r.verdicts[k]);
      if (!r.answers[k].empty()) o << "<small>" << escape_markup(r.answers[k]) << "</small>";
      o << "</td>";
    }
    o << "<td class=\"statement\">" << escape_markup(r.statement) << "</td></tr>\n";
  }
  o << "</table>\n<h2>Endpoints</h2>\n<table><tr><th>column</th><th>target</th><th>limits</th>"
    << "<th>passed</th><th>failed</th><th>skipped</th><th>started</th></tr>\n";
  for (const auto& e : endpoints) {
    const json& s = e.report["summary"];
    const json& run = e.report["run"];
    o << "<tr><td>" << escape_markup(e.label) << "</td><td>"
      << escape_markup(run.value("target", "")) << "</td><td>"
      << escape_markup(run.value("limits", "")) << "</td><td>" << s.value("passed", 0)
      << "</td><td>" << s.value("failed", 0) << "</td><td>" << s.value("skipped", 0) << "</td><td>"
      << escape_markup(run.value("started_at", "")) << "</td></tr>\n";
  }
  o << "</table>\n</body></html>\n";
  std::ofstream out(file, std::ios::binary);
  out << o.str();
  if (!out) throw std::runtime_error("cannot write " + file.string());
}

}  // namespace ulp::conformance
