#include "properties/limits.hpp"

#include <limits>
#include <stdexcept>

namespace ulp::properties {

namespace {

// The shape of `member` in the input shape `structure`.
const Shape& member_shape(const std::string& structure, const std::string& member) {
  const Spec& spec = Spec::get();
  const std::string* name = spec.shape(structure).member_shape(member);
  if (!name) throw std::runtime_error("spec: " + structure + " has no member " + member);
  return spec.shape(*name);
}

}  // namespace

Limits Limits::load(const std::string& profile_name_or_path) {
  Limits out;
  out.profile = Profile::load(profile_name_or_path);
  out.source = profile_name_or_path;
  const Shape& blob = member_shape("UploadLayerPartRequest", "layerPartBlob");
  out.blob_max = blob.max.value_or(std::numeric_limits<std::int64_t>::max());
  const Shape& position = member_shape("UploadLayerPartRequest", "partFirstByte");
  out.position_min = position.min.value_or(std::numeric_limits<std::int64_t>::min());
  out.position_max = position.max.value_or(std::numeric_limits<std::int64_t>::max());
  const Shape& digests = member_shape("CompleteLayerUploadRequest", "layerDigests");
  out.digests_min = digests.min.value_or(0);
  out.digests_max = digests.max.value_or(std::numeric_limits<std::int64_t>::max());
  return out;
}

}  // namespace ulp::properties
