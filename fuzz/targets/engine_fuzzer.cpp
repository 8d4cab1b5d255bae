// fuzz_engine: the upload-session engine, driven by a sequence of operations that
// FuzzedDataProvider reads from the input (fuzz/support/engine_script.hpp): initiations,
// parts at chosen positions with chosen lengths, completions with chosen digests, batch
// checks, repositories made and deleted, the clock moved, across several uploads. The model
// (engine_model.hpp) checks every answer and the invariants: lastByteReceived,
// lastValidByteReceived, state unchanged after a refusal, the digest of the accepted bytes.
//
// ULP_FUZZ_MUTANT=<name> plants one of the reference's mutants, to show a bug is found.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>

#include "fuzz/support/engine_session.hpp"

namespace {
ulp::reference::Mutant planted = ulp::reference::Mutant::none;
constexpr int kMaxSteps = 64;  // bounds the time one input takes
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  planted = ulp::fuzz::mutant_from_environment("fuzz_engine");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider provider(data, size);
  ulp::fuzz::FdpReader<FuzzedDataProvider> in(provider);
  static ulp::fuzz::EngineSession session(planted);  // made once, reset after each input
  for (int i = 0; i < kMaxSteps && !in.exhausted(); ++i) {
    ulp::fuzz::EngineStep step;
    ulp::fuzz::visit_step(in, step);
    session.run(step);
  }
  // After the input, not before: what it allocated is freed within it, so libFuzzer sees as
  // many frees as mallocs and does not suspect a leak (which costs a LeakSanitizer pass).
  session.reset();
  return 0;
}
