#include "conformance/console.hpp"

#include "conformance/exchange.hpp"

#include <unistd.h>

#include <cstdlib>
#include <sstream>

namespace ulp::conformance {

bool use_color(const std::string& setting) {
  if (setting == "always") return true;
  if (setting == "never") return false;
  return isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
}

std::string Console::paint(Verdict v, const std::string& text) const {
  if (!color_) return text;
  const char* code = "0";
  switch (v) {
    case Verdict::pass:
      code = "32";
      break;
    case Verdict::fail:
      code = "1;31";
      break;
    case Verdict::non_strict:
      code = "33";
      break;
    case Verdict::info:
      code = "36";
      break;
    case Verdict::skip:
      code = "2";
      break;
    case Verdict::error:
      code = "1;35";
      break;
    case Verdict::xfail:
      code = "34";
      break;
    case Verdict::xpass:
      code = "1;33";
      break;
    case Verdict::not_reached:
      code = "2;33";
      break;
  }
  return "\033[" + std::string(code) + "m" + text + "\033[0m";
}

// What a target sent is shown, never obeyed: its text goes through printable(), so that an
// escape sequence is written as \x1b rather than sent to the terminal.
void Console::case_line(const CaseResult& r) {
  std::string verdict(name(r.verdict));
  verdict.resize(std::max<std::size_t>(verdict.size(), 11), ' ');
  std::string id = r.test.id;
  if (id.size() < id_width_) id.resize(id_width_, ' ');
  std::ostringstream line;
  line << paint(r.verdict, verdict) << " " << id << "  " << r.test.title << "\n";
  const std::string indent(12, ' ');
  bool broken = r.verdict == Verdict::fail || r.verdict == Verdict::error ||
                r.verdict == Verdict::non_strict || r.verdict == Verdict::xpass ||
                r.verdict == Verdict::xfail;
  if (broken) {
    if (!r.expected_failure.empty() && r.verdict == Verdict::xfail)
      line << indent << "expected to fail: " << printable(r.expected_failure) << "\n";
    // The root cause first: the requirement that broke first; then every broken check.
    if (auto root = r.root_cause(); !root.empty())
      line << indent << "broken first: " << root << "\n";
    if (r.details.empty()) line << indent << printable(r.reason) << "\n";
    for (const auto& d : r.details) line << indent << printable(d) << "\n";
    if (auto unreached = r.unreached_requirements(); !unreached.empty() && r.blocker) {
      std::string ids;
      for (const auto& u : unreached) ids += " " + u;
      line << indent << "not reached (blocked by " << printable(r.blocker->what) << "):" << ids
           << "\n";
    }
    if (r.verdict != Verdict::xfail)
      for (const auto& l : r.reproduction) line << indent << printable(l) << "\n";
  } else if (r.verdict == Verdict::info || r.verdict == Verdict::skip) {
    line << indent << printable(r.reason) << "\n";
  }
  for (const auto& w : r.warnings) line << indent << "warning: " << printable(w) << "\n";
  out_ << line.str() << std::flush;
}

void Console::exchange(const Exchange& e) {
  std::istringstream text(e.text());
  std::ostringstream out;
  out << "            --- " << (e.step ? "step " + std::to_string(e.step) : std::string("runner"))
      << " " << e.operation << " (" << e.seconds << " s)\n";
  for (std::string l; std::getline(text, l);) out << "            | " << printable(l) << "\n";
  out_ << out.str() << std::flush;
}

}  // namespace ulp::conformance
