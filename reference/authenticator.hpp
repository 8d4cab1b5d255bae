// The reference's authentication policy: which keys it knows, its region and clock, and how
// ECR answers each refusal (spec/protocol.json "authentication"). The signature itself is
// checked by core's verifier (core/sigv4_verify.hpp). It needs no body, only the body's
// SHA-256, so a server that streams a part can hash it as it arrives and ask at the end.
//
//   Authenticator auth(Authenticator::load_keys("creds.ini"), "us-east-1");
//   if (auto refused = auth.check(method, target, headers, sha256_hex, mutant)) answer(*refused);
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/sigv4_verify.hpp"
#include "core/target.hpp"
#include "reference/engine.hpp"

namespace ulp::reference {

class Authenticator {
 public:
  using Clock = std::function<std::int64_t()>;  // unix time; tests and fuzzers set it

  // Throws std::invalid_argument when there is no key.
  Authenticator(std::vector<sigv4::Key> keys, std::string region, Clock clock = {});

  // nullopt: the request is authentic. Else ECR's error for the refusal (status 400).
  std::optional<Error> check(std::string_view method, std::string_view target,
                             const Headers& headers, const std::string& payload_sha256_hex,
                             Mutant mutant = Mutant::none) const;
  // The reason as well, for tests and the verifier's fuzz target.
  sigv4::Verification verify(std::string_view method, std::string_view target,
                             const Headers& headers, const std::string& payload_sha256_hex,
                             Mutant mutant = Mutant::none) const;

  // Every profile of a credentials file in the aws CLI's format with aws_access_key_id and
  // aws_secret_access_key; aws_session_token (with aws_session_expiration, ISO 8601 UTC
  // "2026-12-05T15:00:00Z", when it expires) and aws_account_id (the registry ID) are optional.
  // Throws std::runtime_error naming the file and the profile.
  static std::vector<sigv4::Key> load_keys(const std::string& path);

  const std::string& region() const { return region_; }
  const std::vector<sigv4::Key>& keys() const { return keys_; }

 private:
  std::vector<sigv4::Key> keys_;
  std::string region_;
  Clock clock_;
};

}  // namespace ulp::reference
