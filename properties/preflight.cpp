#include "properties/preflight.hpp"

#include "core/sha256.hpp"

namespace ulp::properties {

namespace {

std::string summary(const Response& r) {
  if (r.status == 0) return r.transport_error;
  return std::to_string(r.status) + " " + r.error_type + " " + r.body.substr(0, 200);
}

}  // namespace

std::optional<std::string> preflight(Target& target, const PropertyRun& run) {
  if (!run.repositories) {
    const std::string probe = "ulp-properties-" + run.run_id + "-preflight";
    Response created = target.send(Request::of("CreateRepository", {{"repositoryName", probe}}));
    if (!created.ok())
      return target.describe() + " does not create repository " + probe + " (" + summary(created) +
             "): name two existing ones with --repository-name and --other-repository-name";
    Response deleted =
        target.send(Request::of("DeleteRepository", {{"repositoryName", probe}, {"force", true}}));
    if (!deleted.ok())
      return target.describe() + " does not delete repository " + probe + " (" + summary(deleted) +
             "): name two existing ones with --repository-name and "
             "--other-repository-name";
    return std::nullopt;
  }
  for (const auto& name : *run.repositories) {
    Response r =
        target.send(Request::of("BatchCheckLayerAvailability",
                                {{"repositoryName", name}, {"layerDigests", {Sha256().digest()}}}));
    if (r.status == 0) return "cannot reach " + target.describe() + ": " + r.transport_error;
    if (r.error_type == "RepositoryNotFoundException")
      return "repository " + name + " does not exist at " + target.describe();
    // Any other answer will do: an endpoint need not serve this operation to be tested.
  }
  return std::nullopt;
}

}  // namespace ulp::properties
