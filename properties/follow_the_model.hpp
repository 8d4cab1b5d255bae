// The model-based property: random sequences of InitiateLayerUpload, UploadLayerPart and
// CompleteLayerUpload (right and wrong in every way commands.hpp lists) on several
// interleaved uploads in two repositories; every answer must be one the model predicts, or
// differ from it only in ways the grading policy does not fail. Runs against property_run().
#pragma once

namespace ulp::properties {

void follow_the_model();

}  // namespace ulp::properties
