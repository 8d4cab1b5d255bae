// Fault injection for the suite's self-check: each mutant breaks one rule of the reference (or
// answers one undocumented point, a PROBE, otherwise than the reference), so that every test can
// be shown to fail when that rule is broken, and every failure to name the rule that broke.
//
//   ulp-reference-server --list-mutants
//   ulp-reference-server --mutant accept-gap
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/spec.hpp"

namespace ulp::reference {

enum class Mutant {
  none,
  first_part_anywhere,
  next_part_off_by_one,
  accept_gap,
  accept_overlap,
  no_length_check,
  wrong_last_valid_byte,
  refusal_advances,
  drop_bytes,
  no_max_part_check,
  max_part_off_by_one,
  small_parts_complete,
  exclusive_last_byte,
  no_echo,
  bad_upload_id,
  wrong_digest_format,
  missing_field_accepted,
  repository_name_unchecked,
  upload_id_unchecked,
  registry_id_unchecked,
  digests_unchecked,
  negative_position_accepted,
  unknown_upload_wrong_error,
  cross_repository_upload,
  unknown_repository_created,
  part_after_complete,
  empty_upload_completes,
  digest_not_checked,
  layer_exists_ignored,
  wrong_content_type,
  no_error_message,
  server_error_for_client_mistake,
  // SHOULD requirements
  reversed_range_accepted,
  last_byte_as_fraction,
  bare_part_error,
  big_number_wrong_error,
  lenient_base64,
  resend_accepted,
  bcla_wrong_failure_code,
  range_error_416,
  malformed_json_wrong_error,
  unknown_target_wrong_error,
  no_request_id_on_errors,
  // Races: each opens a window, while other requests are in service, in which the rule breaks.
  unlocked_part_check,
  part_during_completion,
  completion_twice,
  delete_keeps_uploads,
  // PROBEs: an answer other than the reference's
  initial_last_valid_zero,
  empty_blob_wrong_error,
  length_error_parameter,
  oversize_part_wrong_error,
  small_part_ends_upload,
  no_max_parts,
  odd_part_size,
  unknown_member_refused,
  existence_checked_first,
  first_digest_only,
  short_upload_lifetime,
  open_uploads_off_by_one,
  any_request_content_type,
  oversize_body_wrong_error,
  // Authentication (with an Authenticator): each breaks one AUTH-* requirement.
  auth_unsigned_accepted,
  auth_signature_unchecked,
  auth_body_hash_from_header,
  auth_header_normalised,
  auth_any_region,
  auth_any_service,
  auth_no_skew_check,
  auth_any_key_id,
  auth_token_unchecked,
  auth_forbidden_status,
  auth_valid_signature_refused,
  // Durability (with a durable --data-dir): no request tells these from the reference; a
  // crash does (ulp-crash-test).
  ack_before_durable,
  recovery_keeps_tail,
};

struct MutantInfo {
  Mutant mutant;
  std::string_view name;
  // The requirements (spec/requirements.json) it breaks: the first is the one it is made for;
  // others follow from it (dropping bytes also changes the digest). A PROBE listed here is
  // answered otherwise than the reference, which only --match-reference-probes grades.
  std::vector<std::string_view> breaks;
  std::string_view what;
};

// Why mutant `m` cannot answer otherwise than the reference under `profile`'s limits, if it
// cannot: there it is equivalent to the reference, and no test can or should catch it.
std::optional<std::string_view> equivalent_under(Mutant m, const Profile& profile);

// Why a driver that sends one request at a time cannot catch mutant `m`, if it cannot: it
// breaks a rule only for requests sent at once (the race mutants).
std::optional<std::string_view> needs_requests_at_once(Mutant m);

const std::vector<MutantInfo>& mutants();  // every mutant that breaks a requirement
// The mutants of durability: they break no rule of the API, only the promise that what was
// acknowledged survives a crash; `breaks` is empty. The crash test catches them.
const std::vector<MutantInfo>& durability_mutants();
std::optional<Mutant> mutant_named(std::string_view name);  // of either list
std::string_view mutant_name(Mutant m);

}  // namespace ulp::reference
