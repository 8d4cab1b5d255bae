#include "properties/step_log.hpp"

#include "properties/resend_line.hpp"

namespace ulp::properties {

namespace {

constexpr std::size_t kBodyShown = 300;

std::string summary(const Response& r) {
  if (r.status == 0) return "no answer: " + r.transport_error;
  std::string out = std::to_string(r.status);
  if (!r.error_type.empty()) out += " " + r.error_type;
  std::string body = r.body.size() > kBodyShown ? r.body.substr(0, kBodyShown) + "..." : r.body;
  return out + " " + body;
}

}  // namespace

void StepLog::print(std::ostream& os, const ReproductionOptions& how) const {
  if (!preamble.empty()) os << "  # " << preamble << "\n";
  for (std::size_t i = 0; i < steps_.size(); ++i) {
    const StepRecord& s = steps_[i];
    const std::string indent(4 + std::to_string(i + 1).size(), ' ');
    os << "  " << i + 1 << ". " << s.what << "\n";
    if (!s.request) {
      os << indent << s.note << "\n";
      continue;
    }
    os << indent << "$ " << resend_line(*s.request, how) << "\n";
    os << indent << "answer: " << summary(s.response) << "\n";
    if (s.mismatches.empty()) {
      os << indent << "as predicted: " << s.matched << (s.note.empty() ? "" : "; " + s.note)
         << "\n";
      continue;
    }
    os << indent << "predicted: " << s.expected << "\n";
    for (const auto& m : s.mismatches)
      os << indent << "MISMATCH " << m.requirement << " (" << m.level << ", "
         << ulp::name(m.verdict) << "): " << m.message << "\n";
    if (!s.note.empty()) os << indent << s.note << "\n";
  }
}

void StepLog::print_brief(std::ostream& os) const {
  for (std::size_t i = 0; i < steps_.size(); ++i) {
    const StepRecord& s = steps_[i];
    os << "  " << i + 1 << ". " << s.what << " -> ";
    if (!s.request)
      os << "not sent";
    else if (s.mismatches.empty())
      os << s.response.status << " " << s.response.error_type;
    else if (!s.fails)
      os << "differs (" << s.mismatches.front().requirement << ", "
         << ulp::name(s.mismatches.front().verdict) << ") " << s.response.status << " "
         << s.response.error_type;
    else
      os << "MISMATCH " << s.response.status << " " << s.response.error_type;
    os << "\n";
  }
}

}  // namespace ulp::properties
