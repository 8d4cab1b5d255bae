#include "properties/initiate.hpp"

namespace ulp::properties {

namespace {
const std::string kOperation = "InitiateLayerUpload";
}

Request request(const Model& m, const InitiateIntent& in) {
  return Request::of(kOperation, repository_fields(m, in.repository, in.addressing));
}

Prediction predict(const Model& m, const InitiateIntent& in) {
  if (auto refused = repository_refusal(m, kOperation, in.addressing)) return *refused;
  const int slot = static_cast<int>(m.uploads.size());
  const Effect opened{Effect::Kind::open_upload, slot, in.repository, {}};
  const Effect not_opened{Effect::Kind::upload_not_opened, slot, in.repository, {}};
  Answer accepted =
      m.exact() ? Answer::accepted({Member::of("uploadId", Member::Check::new_upload_id),
                                    Member::equals("partSize", m.limits().profile.part_size)},
                                   opened, "ILU-RESP-UPLOAD-ID, ILU-PROBE-PART-SIZE")
                : Answer::accepted({Member::of("uploadId", Member::Check::new_upload_id),
                                    Member::of("partSize", Member::Check::present)},
                                   opened, "ILU-RESP-UPLOAD-ID");
  // How many uploads may be open at once is undocumented: the reference refuses past the
  // profile's maxOpenUploadsPerRepository, and another endpoint may refuse sooner or later.
  Answer limited =
      Answer::refused("LimitExceededException", {}, "LIFE-PROBE-OPEN-UPLOADS", not_opened);
  const bool at_limit =
      m.open_uploads(in.repository) >= m.limits().profile.max_open_uploads_per_repository;
  Prediction p{kOperation, {at_limit ? limited : accepted}};
  p.probe(at_limit ? accepted : limited, "LIFE-PROBE-OPEN-UPLOADS");
  return p;
}

std::string describe(const InitiateIntent& in) {
  if (in.addressing.kind == Addressing::Kind::unknown_repository)
    return "InitiateLayerUpload" + describe(in.addressing);
  return "InitiateLayerUpload in repository " + std::to_string(in.repository + 1) +
         describe(in.addressing);
}

}  // namespace ulp::properties
