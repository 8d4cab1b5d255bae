// Seeds for fuzz_engine: each case's calls translated into engine steps (positions relative
// to the upload's state, as fuzz/support/engine_script.hpp reads them), and the engine flows
// that only the engine's own input can express (the clock, foreign registries).
#pragma once

#include "fuzz/generators/case_runner.hpp"
#include "fuzz/generators/corpus_writer.hpp"

namespace ulp::fuzz {

void add_engine_seeds(const RanCase& ran, CorpusWriter& out);
void add_builtin_engine_seeds(CorpusWriter& out);

}  // namespace ulp::fuzz
