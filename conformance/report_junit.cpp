#include <fstream>
#include <stdexcept>

#include "conformance/exchange.hpp"
#include "conformance/markup.hpp"
#include "conformance/reports.hpp"

namespace ulp::conformance {

namespace {

std::string xml(const std::string& raw) {
  std::string s = printable(raw);  // XML must be valid UTF-8
  // XML 1.0 allows no control characters but tab and newlines.
  for (char& c : s)
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') c = '?';
  return escape_markup(s);
}

std::string details(const CaseResult& r) {
  std::string text;
  for (const auto& d : r.details) text += d + "\n";
  for (const auto& line : r.reproduction) text += line + "\n";
  for (const auto& e : r.exchanges)
    text += "\n--- " + (e.step ? "step " + std::to_string(e.step) : std::string("runner")) + " " +
            e.operation + "\n" + e.text();
  return text;
}

}  // namespace

void write_junit_report(const std::filesystem::path& file, const RunReport& report) {
  const Totals& t = report.totals;
  int errors = 0, failures = 0;
  for (const auto& r : report.cases) {
    if (r.verdict == Verdict::error)
      ++errors;
    else if (fails_run(r.verdict, report.info.grading))
      ++failures;
  }
  // "ulp-conformance" -> "conformance": the test suite, and the prefix of each class name.
  const std::string suite = report.info.tool.substr(report.info.tool.find('-') + 1);
  std::ofstream out(file, std::ios::binary);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"" << xml(report.info.tool) << "\" tests=\"" << t.total
      << "\" failures=\"" << failures << "\" errors=\"" << errors << "\" skipped=\"" << t.skipped
      << "\" time=\"" << t.seconds << "\">\n"
      << "  <testsuite name=\"" << xml(suite) << "\" tests=\"" << t.total << "\" failures=\""
      << failures << "\" errors=\"" << errors << "\" skipped=\"" << t.skipped << "\" time=\""
      << t.seconds << "\">\n"
      << "    <properties>\n"
      << "      <property name=\"target\" value=\"" << xml(report.info.target) << "\"/>\n"
      << "      <property name=\"limits\" value=\"" << xml(report.info.limits) << "\"/>\n"
      << "      <property name=\"seed\" value=\"" << report.info.seed << "\"/>\n"
      << "    </properties>\n";
  for (const auto& r : report.cases) {
    out << "    <testcase classname=\"" << xml(suite) << "." << xml(r.test.category) << "\" name=\""
        << xml(r.test.id) << "\" time=\"" << r.seconds << "\">\n";
    out << "      <properties><property name=\"verdict\" value=\"" << name(r.verdict)
        << "\"/><property name=\"requirements\" value=\"";
    for (std::size_t i = 0; i < r.test.requirements.size(); ++i)
      out << (i ? " " : "") << xml(r.test.requirements[i]);
    out << "\"/><property name=\"retries\" value=\"" << r.retries << "\"/></properties>\n";
    // A failure's message names the requirement that broke first.
    const std::string root = r.root_cause();
    const std::string message =
        xml(std::string(name(r.verdict)) + (root.empty() ? "" : " " + root) + ": " + r.reason);
    if (r.verdict == Verdict::error)
      out << "      <error message=\"" << message << "\" type=\"ERROR\">" << xml(details(r))
          << "</error>\n";
    else if (fails_run(r.verdict, report.info.grading))
      out << "      <failure message=\"" << message << "\" type=\"" << name(r.verdict) << "\">"
          << xml(details(r)) << "</failure>\n";
    else if (r.verdict == Verdict::skip || r.verdict == Verdict::xfail)
      out << "      <skipped message=\"" << message << "\"/>\n";
    if (r.verdict == Verdict::info || r.verdict == Verdict::non_strict ||
        r.verdict == Verdict::xpass || r.verdict == Verdict::xfail)
      out << "      <system-out>" << message << "\n" << xml(details(r)) << "</system-out>\n";
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
  if (!out) throw std::runtime_error(file.string() + ": cannot be written");
}

}  // namespace ulp::conformance
