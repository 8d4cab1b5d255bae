// fuzz_engine's inputs, one at a time: a reference Engine (small profile, layer bytes in
// memory, a fixed seed and a clock the input moves), fresh for each input, and the model,
// driven by the same steps. Every answer is checked against the model; a disagreement aborts
// (ULP_FUZZ_CHECK).
#pragma once

#include "fuzz/support/engine_model.hpp"
#include "fuzz/support/engine_script.hpp"
#include "fuzz/support/fuzz_reference.hpp"

namespace ulp::fuzz {

class EngineSession {
 public:
  explicit EngineSession(reference::Mutant mutant = reference::Mutant::none);

  void reset();  // as made: a fresh engine and model, for the next input
  void run(const EngineStep& step);

 private:
  void start_model();  // the model of a fresh FuzzReference
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
  reference::Engine& engine_ = reference_.engine();  // the same object after reset()
  EngineModel model_;
};

}  // namespace ulp::fuzz
