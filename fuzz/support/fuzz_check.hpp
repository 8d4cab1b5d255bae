// A failed oracle in a fuzz target: say what was expected, then abort, so that libFuzzer keeps
// the input as a crash (and tools/fuzz minimizes it into a regression input).
//
//   ULP_FUZZ_CHECK(got == want, "lastByteReceived " << got << ", want " << want);
#pragma once

#include <cstdlib>
#include <iostream>
#include <sstream>

#define ULP_FUZZ_CHECK(condition, message)                                       \
  do {                                                                           \
    if (!(condition)) {                                                          \
      std::ostringstream ulp_fuzz_message;                                       \
      ulp_fuzz_message << message;                                               \
      ::ulp::fuzz::fail(__FILE__, __LINE__, #condition, ulp_fuzz_message.str()); \
    }                                                                            \
  } while (0)

namespace ulp::fuzz {

[[noreturn]] inline void fail(const char* file, int line, const char* condition,
                              const std::string& message) {
  std::cerr << "\n==ulp-fuzz== ORACLE FAILED at " << file << ":" << line << ": " << condition
            << "\n==ulp-fuzz== " << message << "\n";
  std::abort();
}

}  // namespace ulp::fuzz
