// The one grading policy of the suite, for every driver (ulp-conformance, ulp-properties,
// ulp-netfuzz), as the best conformance suites grade (h2spec, Autobahn): each check is graded
// by the level of the requirement it tests. A broken MUST is FAIL; a broken SHOULD is
// NON-STRICT, a failure only under --strict; a PROBE's answer is recorded as INFO, and fails
// only with --match-reference-probes when it differs from the reference's.
#pragma once

#include <string_view>

namespace ulp {

enum class Verdict { pass, fail, non_strict, info, skip, error, xfail, xpass, not_reached };

// The verdicts a case (a conformance case, a property sequence, a netfuzz run) can end with.
// NOT REACHED is a requirement's state only: none of its checks ran, an earlier one broke.
inline constexpr Verdict kAllVerdicts[] = {Verdict::pass,  Verdict::fail, Verdict::non_strict,
                                           Verdict::info,  Verdict::skip, Verdict::error,
                                           Verdict::xfail, Verdict::xpass};

std::string_view name(Verdict v);  // "PASS", "NON-STRICT", "NOT REACHED", ...

struct GradingPolicy {
  bool strict = false;                  // NON-STRICT and XPASS fail the run
  bool match_reference_probes = false;  // a PROBE answered unlike the reference is FAIL
};

// The verdict of one check of a requirement at `level` ("MUST", "SHOULD", "PROBE") that held
// or broke: held is PASS (INFO for a PROBE); broken is FAIL, NON-STRICT, or for a PROBE INFO
// (FAIL under match_reference_probes).
Verdict grade(std::string_view level, bool held, const GradingPolicy& policy);

// Whether a check's verdict means its requirement is not met: FAIL or NON-STRICT.
bool broken(Verdict v);

// Whether the verdict makes the run fail: FAIL and ERROR always; NON-STRICT and XPASS only
// under --strict.
bool fails_run(Verdict v, const GradingPolicy& policy);

// Worse of two, for a case made of several checks and a requirement checked by several cases:
// FAIL > ERROR > XPASS > NON-STRICT > XFAIL > INFO > PASS > NOT REACHED > SKIP.
Verdict worse(Verdict a, Verdict b);

}  // namespace ulp
