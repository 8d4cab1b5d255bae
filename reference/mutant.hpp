// Fault injection for the suite's self-check: each mutant breaks exactly one rule of the
// reference, so that every test can be shown to fail when that rule is broken.
//
//   ulp-reference-server --list-mutants
//   ulp-reference-server --mutant accept-gap
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
  no_error_type,
  server_error_for_client_mistake,
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
};

struct MutantInfo {
  Mutant mutant;
  std::string_view name;
  std::string_view breaks;  // the requirement ID (spec/requirements.json) it breaks
  std::string_view what;
};

const std::vector<MutantInfo>& mutants();  // every mutant but none
std::optional<Mutant> mutant_named(std::string_view name);
std::string_view mutant_name(Mutant m);

}  // namespace ulp::reference
