// A planted bug for a target whose subject is core code (base64, the JSON reader, SigV4)
// rather than the reference engine, whose own mutants serve fuzz_engine and fuzz_http_request.
// Each such target names one bug; with ULP_FUZZ_MUTANT=<that name> (tools/fuzz --mutant) the
// target breaks its subject's answer that way before the oracles look at it, which shows that
// they catch it (fuzz.planted_bugs_caught replays the regression input that proves it).
#pragma once

namespace ulp::fuzz {

struct PlantedBug {
  const char* name;  // "decode-drops-last-byte"
  const char* what;  // "base64::decode loses the last byte of what it decodes"
};

// True when ULP_FUZZ_MUTANT names this target's bug; exits 2 when it names anything else.
bool planted_bug_active(const char* program, const PlantedBug& bug);

}  // namespace ulp::fuzz
