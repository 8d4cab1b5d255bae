// The push behind `ulp push-layer`: InitiateLayerUpload, UploadLayerPart for each part in
// order, CompleteLayerUpload with the file's sha256 digest, and BatchCheckLayerAvailability to
// confirm, riding out what interrupts it.
//
// A call that gets no answer or a transient 5xx is sent again, the same bytes, for a bounded
// number of rounds (retry_policy()), long enough for a service restart; the push goes on with
// the same upload. A refused part resumes from the lastValidByteReceived the refusal carries.
// If the service no longer knows the upload (UploadNotFoundException: lost in a restart, or
// expired), the bytes it held are gone, so the push starts over once on a new upload. Each
// resume is said on stderr (ProgressBar::say); stdout is left to the caller.
#pragma once

#include <cstdint>
#include <fstream>
#include <optional>
#include <string>

#include "tools/ulp/service_client.hpp"

namespace ulp::cli {

struct PushTarget {
  std::string repository, registry_id;
  std::optional<long long> part_size;  // else the partSize InitiateLayerUpload answers
};

// Pushes `size` bytes of `file` and returns the layer's digest ("sha256:...").
std::string push_layer_file(ServiceClient& client, const PushTarget& target, std::ifstream& file,
                            std::uint64_t size);

// The retry budget in words, for the help text: "up to 10 rounds 0.5 s apart, ...".
std::string retry_policy();

}  // namespace ulp::cli
