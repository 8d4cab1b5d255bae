// One fuzz_engine input: a fresh reference Engine (small profile, layer bytes in memory, a
// fixed seed and a clock the input moves) and the model, driven by the same steps. Every
// answer is checked against the model; a disagreement aborts (ULP_FUZZ_CHECK).
#pragma once

#include "fuzz/support/engine_model.hpp"
#include "fuzz/support/engine_script.hpp"
#include "fuzz/support/fuzz_reference.hpp"

namespace ulp::fuzz {

class EngineSession {
 public:
  explicit EngineSession(reference::Mutant mutant = reference::Mutant::none);

  void run(const EngineStep& step);

 private:
  ModelRepositoryRef repository_of(const EngineStep& step) const;
  std::string upload_id_of(const EngineStep& step) const;
  std::string digest_of(Digest choice, const std::string& upload_id) const;

  void create(const EngineStep& step);
  void remove(const EngineStep& step);
  void initiate(const EngineStep& step);
  void upload_part(const EngineStep& step);
  void complete(const EngineStep& step);
  void batch_check(const EngineStep& step);
  // After a refused part: the upload still expects the same next byte (ULP-RANGE-NO-CHANGE),
  // read through the lastValidByteReceived of a part one byte past it, which changes nothing.
  void check_unchanged(const ModelRepositoryRef& ref, const std::string& upload_id);

  FuzzReference reference_;
  reference::Engine& engine_ = reference_.engine;
  EngineModel model_;
};

}  // namespace ulp::fuzz
