// Verdicts, as the best conformance suites grade (h2spec, Autobahn): a broken MUST fails,
// a broken SHOULD is NON-STRICT, a PROBE is recorded as INFO and never fails.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ulp::conformance {

enum class Verdict { pass, fail, non_strict, info, skip, error, xfail, xpass };

inline constexpr Verdict kAllVerdicts[] = {Verdict::pass,  Verdict::fail, Verdict::non_strict,
                                           Verdict::info,  Verdict::skip, Verdict::error,
                                           Verdict::xfail, Verdict::xpass};

std::string_view name(Verdict v);  // "PASS", "NON-STRICT", ...

// Whether the verdict makes the run fail: FAIL and ERROR always; NON-STRICT and XPASS only
// under --strict.
bool fails_run(Verdict v, bool strict);

// The verdict a broken check gets from its requirement's level (MUST, SHOULD, PROBE).
Verdict verdict_for_broken(std::string_view level);

// Worse of two, for a case made of several checks: FAIL > ERROR > NON-STRICT > INFO > PASS.
Verdict worse(Verdict a, Verdict b);

}  // namespace ulp::conformance
