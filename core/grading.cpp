#include "core/grading.hpp"

namespace ulp {

std::string_view name(Verdict v) {
  switch (v) {
    case Verdict::pass:
      return "PASS";
    case Verdict::fail:
      return "FAIL";
    case Verdict::non_strict:
      return "NON-STRICT";
    case Verdict::info:
      return "INFO";
    case Verdict::skip:
      return "SKIP";
    case Verdict::error:
      return "ERROR";
    case Verdict::xfail:
      return "XFAIL";
    case Verdict::xpass:
      return "XPASS";
    case Verdict::not_reached:
      return "NOT REACHED";
  }
  return "?";
}

Verdict grade(std::string_view level, bool held, const GradingPolicy& policy) {
  if (level == "PROBE")
    return held || !policy.match_reference_probes ? Verdict::info : Verdict::fail;
  if (held) return Verdict::pass;
  return level == "MUST" ? Verdict::fail : Verdict::non_strict;
}

bool broken(Verdict v) {
  return v == Verdict::fail || v == Verdict::non_strict;
}

bool fails_run(Verdict v, const GradingPolicy& policy) {
  if (v == Verdict::fail || v == Verdict::error) return true;
  return policy.strict && (v == Verdict::non_strict || v == Verdict::xpass);
}

namespace {
int severity(Verdict v) {
  switch (v) {
    case Verdict::fail:
      return 8;
    case Verdict::error:
      return 7;
    case Verdict::xpass:
      return 6;
    case Verdict::non_strict:
      return 5;
    case Verdict::xfail:
      return 4;
    case Verdict::info:
      return 3;
    case Verdict::pass:
      return 2;
    case Verdict::not_reached:
      return 1;
    case Verdict::skip:
      return 0;
  }
  return 0;
}
}  // namespace

Verdict worse(Verdict a, Verdict b) {
  return severity(a) >= severity(b) ? a : b;
}

}  // namespace ulp
