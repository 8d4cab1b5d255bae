#include "properties/preflight.hpp"

#include "core/sha256.hpp"

namespace ulp::properties {

std::optional<std::string> preflight(Target& target,
                                     const std::array<std::string, 2>& repositories) {
  for (const auto& name : repositories) {
    Response r =
        target.send(Request::of("BatchCheckLayerAvailability",
                                {{"repositoryName", name}, {"layerDigests", {Sha256().digest()}}}));
    if (r.status == 0) return "cannot reach " + target.describe() + ": " + r.transport_error;
    if (r.error_type == "RepositoryNotFoundException")
      return "repository " + name + " does not exist at " + target.describe() +
             " (create it, or name another with --repository)";
    // Any other answer will do: an endpoint need not serve this operation to be tested.
  }
  return std::nullopt;
}

}  // namespace ulp::properties
