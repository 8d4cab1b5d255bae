// `ulp push-layer FILE --repository-name NAME [--registry-id ID] [--part-size N]`: a whole
// layer push. InitiateLayerUpload, then UploadLayerPart for each part in order (a progress
// bar on a terminal), CompleteLayerUpload with the file's sha256 digest, and
// BatchCheckLayerAvailability to confirm; prints the digest.
//
// A refused part (InvalidLayerPartException) resumes from the lastValidByteReceived the
// refusal carries; a transient failure (no answer, a 5xx) is retried with backoff on top of
// the call's own retries.
#pragma once

#include <string>
#include <vector>

#include "tools/ulp/global_options.hpp"

namespace ulp::cli {

int run_push_layer(const std::vector<std::string>& args, const GlobalOptions& globals);

}  // namespace ulp::cli
