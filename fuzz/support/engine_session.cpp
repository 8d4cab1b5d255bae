#include "fuzz/support/engine_session.hpp"

#include <algorithm>

#include "core/validate.hpp"
#include "fuzz/support/fuzz_check.hpp"

namespace ulp::fuzz {

using nlohmann::json;
using reference::Error;

namespace {

template <class T>
std::string error_of(const reference::Outcome<T>& outcome) {
  const Error* e = std::get_if<Error>(&outcome);
  return e ? e->type : "";
}

std::string shown(const std::string& error) {
  return error.empty() ? "success" : error;
}

reference::RepositoryRef engine_ref(const ModelRepositoryRef& ref) {
  return {ref.registry_id, ref.name};
}

}  // namespace

EngineSession::EngineSession(reference::Mutant mutant)
    : reference_(mutant), model_(fuzz_profile()) {
  start_model();
}

void EngineSession::reset() {
  reference_.reset();
  start_model();
}

void EngineSession::start_model() {
  model_ = EngineModel(fuzz_profile());
  // FuzzReference made the first two repositories.
  for (std::size_t i = 0; i < 2; ++i) model_.created(fuzz_repositories()[i]);
}

ModelRepositoryRef EngineSession::repository_of(const EngineStep& step) const {
  const std::string& own = model_.profile().registry_id;
  std::string registry;
  if (step.registry == Registry::own) registry = own;
  if (step.registry == Registry::foreign)
    registry = own == "999999999999" ? "000000000000" : "999999999999";
  return {registry, fuzz_repositories().at(step.repository % fuzz_repositories().size())};
}

std::string EngineSession::upload_id_of(const EngineStep& step) const {
  const auto& ids = model_.upload_ids();
  if (step.upload == kUnknownUpload || ids.empty())
    return "0badc0de-0000-4000-8000-000000000000";  // well-formed; no seed makes it
  return ids[step.upload % ids.size()];
}

std::string EngineSession::digest_of(Digest choice, const std::string& upload_id) const {
  const EngineModel::Upload* u = model_.upload(upload_id);
  std::string layer = u ? u->digest() : Sha256().digest();
  switch (choice) {
    case Digest::layer:
      return layer;
    case Digest::layer_upper_case:
      std::transform(layer.begin(), layer.end(), layer.begin(), ::toupper);
      return layer;
    case Digest::other:
      return "sha256:" + Sha256::hex_of("not the layer");
    case Digest::another_upload: {
      const auto& ids = model_.upload_ids();
      auto it = std::find(ids.begin(), ids.end(), upload_id);
      if (ids.empty()) return layer;
      std::size_t next = it == ids.end() ? 0 : (it - ids.begin() + 1) % ids.size();
      return model_.upload(ids[next])->digest();
    }
    case Digest::malformed:
      return "sha256:not-hex";
  }
  return layer;
}

void EngineSession::run(const EngineStep& step) {
  switch (step.op) {
    case EngineOp::create_repository:
      return create(step);
    case EngineOp::delete_repository:
      return remove(step);
    case EngineOp::initiate:
      return initiate(step);
    case EngineOp::upload_part:
      return upload_part(step);
    case EngineOp::complete:
      return complete(step);
    case EngineOp::batch_check:
      return batch_check(step);
    case EngineOp::advance_clock:
      reference_.now += step.seconds;
      model_.now = reference_.now;
      return;
  }
}

void EngineSession::create(const EngineStep& step) {
  const ModelRepositoryRef ref = repository_of(step);
  const std::string want = model_.expect_create(ref);
  auto got = engine_.create_repository(engine_ref(ref));
  ULP_FUZZ_CHECK(error_of(got) == want, "CreateRepository " << ref.name << ": got "
                                                            << shown(error_of(got)) << ", want "
                                                            << shown(want));
  if (!want.empty()) return;
  const json& repo = std::get<json>(got);
  ULP_FUZZ_CHECK(repo.value("repositoryName", "") == ref.name &&
                     repo.value("registryId", "") == model_.profile().registry_id,
                 "CreateRepository answered " << repo.dump());
  model_.created(ref.name);
}

void EngineSession::remove(const EngineStep& step) {
  const ModelRepositoryRef ref = repository_of(step);
  const std::string want = model_.expect_delete(ref, step.force);
  auto got = engine_.delete_repository(engine_ref(ref), step.force);
  ULP_FUZZ_CHECK(error_of(got) == want, "DeleteRepository " << ref.name << " force=" << step.force
                                                            << ": got " << shown(error_of(got))
                                                            << ", want " << shown(want));
  if (want.empty()) model_.deleted(ref.name);
}

void EngineSession::initiate(const EngineStep& step) {
  const ModelRepositoryRef ref = repository_of(step);
  const std::string want = model_.expect_initiate(ref);
  auto got = engine_.initiate_layer_upload(engine_ref(ref));
  ULP_FUZZ_CHECK(error_of(got) == want, "InitiateLayerUpload " << ref.name << ": got "
                                                               << shown(error_of(got)) << ", want "
                                                               << shown(want));
  if (!want.empty()) return;
  const auto& initiated = std::get<reference::Initiated>(got);
  // ILU-RESP-UPLOAD-ID, ILU-PROBE-PART-SIZE; an ID names one upload only.
  ULP_FUZZ_CHECK(!validate("UploadId", initiated.upload_id),
                 "uploadId '" << initiated.upload_id << "' is off the UploadId pattern");
  ULP_FUZZ_CHECK(!model_.upload(initiated.upload_id),
                 "uploadId " << initiated.upload_id << " was returned twice");
  ULP_FUZZ_CHECK(initiated.part_size == model_.profile().part_size,
                 "partSize " << initiated.part_size);
  ULP_FUZZ_CHECK(initiated.registry_id == model_.profile().registry_id,
                 "registryId " << initiated.registry_id);
  model_.initiated(ref.name, initiated.upload_id);
}

void EngineSession::upload_part(const EngineStep& step) {
  const ModelRepositoryRef ref = repository_of(step);
  const std::string id = upload_id_of(step);
  const EngineModel::Upload* u = model_.upload(id);
  const std::int64_t next = u ? u->next_byte : 0;
  std::int64_t first = step.first;
  if (step.first_from == FirstByte::next) first = next;
  if (step.first_from == FirstByte::offset) first = std::max<std::int64_t>(0, next + step.first);
  std::int64_t last = step.last;
  const std::int64_t fits = first + static_cast<std::int64_t>(step.size) - 1;
  if (step.last_from == LastByte::fits) last = std::max<std::int64_t>(0, fits);
  if (step.last_from == LastByte::offset) last = std::max<std::int64_t>(0, fits + step.last);
  const std::string bytes = part_bytes(step.size, step.fill);

  const std::string want = model_.expect_part(ref, id, first, last, step.size);
  auto got = engine_.upload_layer_part(reference::Part{engine_ref(ref), id, first, last, bytes});
  ULP_FUZZ_CHECK(error_of(got) == want,
                 "UploadLayerPart " << ref.name << " " << id << " bytes " << first << "-" << last
                                    << " (" << step.size << " bytes, next " << next << "): got "
                                    << shown(error_of(got)) << ", want " << shown(want));
  if (want.empty()) {
    const auto& accepted = std::get<reference::PartAccepted>(got);
    // ULP-RESP-LAST-BYTE, ULP-RESP-ECHO.
    ULP_FUZZ_CHECK(accepted.last_byte_received == last,
                   "lastByteReceived " << accepted.last_byte_received << ", want " << last);
    ULP_FUZZ_CHECK(accepted.registry_id == model_.profile().registry_id &&
                       accepted.repository_name == ref.name && accepted.upload_id == id,
                   "echo: " << accepted.registry_id << " " << accepted.repository_name << " "
                            << accepted.upload_id);
    model_.part_accepted(id, bytes, last);
    return;
  }
  if (want == "InvalidLayerPartException") {
    // ULP-RANGE-LAST-VALID, ULP-ERR-PART-MEMBERS, ULP-PROBE-LAST-VALID-INITIAL.
    const json& m = std::get<Error>(got).members;
    ULP_FUZZ_CHECK(m.value("registryId", "") == model_.profile().registry_id &&
                       m.value("repositoryName", "") == ref.name && m.value("uploadId", "") == id,
                   "InvalidLayerPartException members " << m.dump());
    if (next == 0)
      ULP_FUZZ_CHECK(!m.contains("lastValidByteReceived"),
                     "lastValidByteReceived before any byte: " << m.dump());
    else
      ULP_FUZZ_CHECK(m.value("lastValidByteReceived", std::int64_t{-1}) == next - 1,
                     "lastValidByteReceived " << m.dump() << ", want " << next - 1);
  }
  if (model_.open(ref, id)) check_unchanged(ref, id);
}

void EngineSession::check_unchanged(const ModelRepositoryRef& ref, const std::string& id) {
  const std::int64_t next = model_.upload(id)->next_byte;
  const std::string byte = part_bytes(1, 0);
  auto got =
      engine_.upload_layer_part(reference::Part{engine_ref(ref), id, next + 1, next + 1, byte});
  const Error* e = std::get_if<Error>(&got);
  ULP_FUZZ_CHECK(e && e->type == "InvalidLayerPartException",
                 "a part one byte past the next (" << next << ") got " << shown(error_of(got)));
  const std::int64_t want = next - 1;
  const std::int64_t seen = e->members.value("lastValidByteReceived", std::int64_t{-1});
  ULP_FUZZ_CHECK(seen == want, "after a refused part the upload's last valid byte is "
                                   << seen << ", want " << want << " (ULP-RANGE-NO-CHANGE)");
}

void EngineSession::complete(const EngineStep& step) {
  const ModelRepositoryRef ref = repository_of(step);
  const std::string id = upload_id_of(step);
  std::vector<std::string> digests;
  for (Digest d : step.digests) digests.push_back(digest_of(d, id));
  const std::string want = model_.expect_complete(ref, id, digests);
  auto got = engine_.complete_layer_upload(engine_ref(ref), id, digests);
  ULP_FUZZ_CHECK(error_of(got) == want, "CompleteLayerUpload " << ref.name << " " << id << " "
                                                               << digests.front() << ": got "
                                                               << shown(error_of(got)) << ", want "
                                                               << shown(want));
  if (!want.empty()) return;
  // CLU-RESP-DIGEST and ULP-RANGE-NO-LOSS: the digest of exactly the accepted bytes.
  const auto& done = std::get<reference::Completed>(got);
  const std::string layer = model_.upload(id)->digest();
  ULP_FUZZ_CHECK(done.layer_digest == layer,
                 "layerDigest " << done.layer_digest << ", want " << layer);
  ULP_FUZZ_CHECK(
      done.registry_id == model_.profile().registry_id && done.repository_name == ref.name &&
          done.upload_id == id,
      "echo: " << done.registry_id << " " << done.repository_name << " " << done.upload_id);
  model_.completed(ref.name, id);
}

void EngineSession::batch_check(const EngineStep& step) {
  const ModelRepositoryRef ref = repository_of(step);
  const std::string id = upload_id_of(step);
  std::vector<std::string> digests;
  for (Digest d : step.digests) digests.push_back(digest_of(d, id));
  const std::string want = model_.expect_batch_check(ref);
  auto got = engine_.batch_check_layer_availability(engine_ref(ref), digests);
  ULP_FUZZ_CHECK(error_of(got) == want, "BatchCheckLayerAvailability " << ref.name << ": got "
                                                                       << shown(error_of(got))
                                                                       << ", want " << shown(want));
  if (!want.empty()) return;
  // BCLA-AVAILABLE: each digest is either an available layer of its size or a failure.
  const json& answer = std::get<json>(got);
  const auto& layers = *model_.layers(ref.name);
  std::size_t available = 0, failures = 0;
  for (const auto& d : digests) {
    bool well_formed = !validate("LayerDigest", d);
    auto it = std::find_if(layers.begin(), layers.end(),
                           [&](const auto& l) { return same_digest(l.first, d); });
    if (well_formed && it != layers.end()) {
      const json& l = answer.at("layers").at(available++);
      ULP_FUZZ_CHECK(l.value("layerDigest", "") == it->first &&
                         l.value("layerSize", std::int64_t{-1}) == it->second &&
                         l.value("layerAvailability", "") == "AVAILABLE",
                     "layer " << d << ": " << l.dump());
    } else {
      const json& f = answer.at("failures").at(failures++);
      const char* code = well_formed ? "MissingLayerDigest" : "InvalidLayerDigest";
      ULP_FUZZ_CHECK(f.value("layerDigest", "") == d && f.value("failureCode", "") == code,
                     "failure for " << d << ": " << f.dump() << ", want " << code);
    }
  }
  ULP_FUZZ_CHECK(
      answer.at("layers").size() == available && answer.at("failures").size() == failures,
      "BatchCheckLayerAvailability answered " << answer.dump());
}

}  // namespace ulp::fuzz
