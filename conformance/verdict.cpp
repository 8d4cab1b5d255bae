#include "conformance/verdict.hpp"

namespace ulp::conformance {

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
  }
  return "?";
}

bool fails_run(Verdict v, bool strict) {
  if (v == Verdict::fail || v == Verdict::error) return true;
  return strict && (v == Verdict::non_strict || v == Verdict::xpass);
}

Verdict verdict_for_broken(std::string_view level) {
  if (level == "MUST") return Verdict::fail;
  if (level == "SHOULD") return Verdict::non_strict;
  return Verdict::info;
}

Verdict worse(Verdict a, Verdict b) {
  auto rank = [](Verdict v) {
    switch (v) {
      case Verdict::fail:
        return 5;
      case Verdict::error:
        return 4;
      case Verdict::non_strict:
        return 3;
      case Verdict::info:
        return 2;
      case Verdict::pass:
        return 1;
      default:
        return 0;
    }
  };
  return rank(a) >= rank(b) ? a : b;
}

}  // namespace ulp::conformance
