#include "reference/mutant.hpp"

namespace ulp::reference {

const std::vector<MutantInfo>& mutants() {
  using M = Mutant;
  static const std::vector<MutantInfo> all = {
      {M::first_part_anywhere, "first-part-anywhere", "ULP-RANGE-FIRST-AT-ZERO",
       "the first part is accepted at any position"},
      {M::next_part_off_by_one, "next-part-off-by-one", "ULP-RANGE-CONSECUTIVE",
       "a part is expected at lastByteReceived + 2"},
      {M::accept_gap, "accept-gap", "ULP-RANGE-GAP", "a part after a gap is accepted"},
      {M::accept_overlap, "accept-overlap", "ULP-RANGE-OVERLAP",
       "a part overlapping received bytes is accepted"},
      {M::no_length_check, "no-length-check", "ULP-RANGE-LENGTH",
       "the blob's length is not compared with its range"},
      {M::wrong_last_valid_byte, "wrong-last-valid-byte", "ULP-RANGE-LAST-VALID",
       "InvalidLayerPartException reports lastValidByteReceived one too high"},
      {M::refusal_advances, "refusal-advances", "ULP-RANGE-NO-CHANGE",
       "a part refused for its position still moves the upload on"},
      {M::drop_bytes, "drop-bytes", "ULP-RANGE-NO-LOSS",
       "the last byte of every part of two or more bytes is not stored"},
      {M::no_max_part_check, "no-max-part-check", "ULP-SIZE-MAX-PART",
       "parts larger than the maximum are accepted"},
      {M::max_part_off_by_one, "max-part-off-by-one", "ULP-SIZE-MAX-PART",
       "a part of exactly the maximum size is refused"},
      {M::small_parts_complete, "small-parts-complete", "CLU-SIZE-MIN-PART",
       "an upload with parts under the minimum completes"},
      {M::exclusive_last_byte, "exclusive-last-byte", "ULP-RESP-LAST-BYTE",
       "lastByteReceived is partLastByte + 1"},
      {M::no_echo, "no-echo", "ULP-RESP-ECHO", "UploadLayerPart leaves registryId out"},
      {M::bad_upload_id, "bad-upload-id", "ILU-RESP-UPLOAD-ID",
       "InitiateLayerUpload returns an uploadId without dashes"},
      {M::wrong_digest_format, "wrong-digest-format", "CLU-RESP-DIGEST",
       "CompleteLayerUpload returns the hex digest without 'sha256:'"},
      {M::missing_field_accepted, "missing-field-accepted", "VAL-REQUIRED",
       "a missing required member is taken as empty"},
      {M::repository_name_unchecked, "repository-name-unchecked", "VAL-REPOSITORY-NAME",
       "repositoryName is not checked against its pattern and length"},
      {M::upload_id_unchecked, "upload-id-unchecked", "VAL-UPLOAD-ID",
       "uploadId is not checked against its pattern"},
      {M::registry_id_unchecked, "registry-id-unchecked", "VAL-REGISTRY-ID",
       "registryId is not checked against its pattern"},
      {M::digests_unchecked, "digests-unchecked", "VAL-DIGESTS",
       "layerDigests is not checked: neither its length nor its items' pattern"},
      {M::negative_position_accepted, "negative-position-accepted", "VAL-POSITION",
       "negative positions pass validation"},
      {M::unknown_upload_wrong_error, "unknown-upload-wrong-error", "ULP-UPLOAD-UNKNOWN",
       "an unknown upload gets InvalidLayerPartException"},
      {M::cross_repository_upload, "cross-repository-upload", "ULP-UPLOAD-OTHER-REPOSITORY",
       "an upload is found through any repository"},
      {M::unknown_repository_created, "unknown-repository-created", "ULP-REPOSITORY-UNKNOWN",
       "an unknown repository is created on first use"},
      {M::part_after_complete, "part-after-complete", "ULP-AFTER-COMPLETE",
       "a completed upload accepts more parts"},
      {M::empty_upload_completes, "empty-upload-completes", "CLU-EMPTY-UPLOAD",
       "an upload with no part completes"},
      {M::digest_not_checked, "digest-not-checked", "CLU-DIGEST-MISMATCH",
       "any well-formed digest completes the upload"},
      {M::layer_exists_ignored, "layer-exists-ignored", "CLU-LAYER-EXISTS",
       "a layer already in the repository is completed again"},
      {M::wrong_content_type, "wrong-content-type", "PROTO-CONTENT-TYPE",
       "responses say Content-Type application/json"},
      {M::no_error_type, "no-error-type", "PROTO-ERROR-TYPE", "error responses name no error"},
      {M::server_error_for_client_mistake, "server-error-for-client-mistake", "PROTO-NO-5XX",
       "InvalidParameterException is sent with status 500"},
      {M::auth_unsigned_accepted, "auth-unsigned-accepted", "AUTH-UNSIGNED",
       "a request without Authorization is served"},
      {M::auth_signature_unchecked, "auth-signature-unchecked", "AUTH-WRONG-SIGNATURE",
       "a signature that does not match is accepted"},
      {M::auth_body_hash_from_header, "auth-body-hash-from-header", "AUTH-TAMPERED-BODY",
       "the payload hash is taken from X-Amz-Content-Sha256 rather than computed"},
      {M::auth_header_normalised, "auth-header-normalised", "AUTH-TAMPERED-HEADER",
       "Content-Type is verified without its parameters, not as received"},
      {M::auth_any_region, "auth-any-region", "AUTH-SCOPE-REGION",
       "a credential scope for any region is accepted"},
      {M::auth_any_service, "auth-any-service", "AUTH-SCOPE-SERVICE",
       "a credential scope for any service is accepted"},
      {M::auth_no_skew_check, "auth-no-skew-check", "AUTH-SKEW",
       "X-Amz-Date is not compared with the clock"},
      {M::auth_any_key_id, "auth-any-key-id", "AUTH-UNKNOWN-KEY",
       "any access key ID finds the first key's secret"},
      {M::auth_token_unchecked, "auth-token-unchecked", "AUTH-SESSION-TOKEN",
       "the session token is not required"},
      {M::auth_forbidden_status, "auth-forbidden-status", "AUTH-ERROR-TYPES",
       "authentication refusals are 403 AccessDeniedException"},
  };
  return all;
}

std::optional<Mutant> mutant_named(std::string_view name) {
  if (name == "none") return Mutant::none;
  for (const auto& m : mutants())
    if (m.name == name) return m.mutant;
  return std::nullopt;
}

std::string_view mutant_name(Mutant m) {
  for (const auto& info : mutants())
    if (info.mutant == m) return info.name;
  return "none";
}

}  // namespace ulp::reference
