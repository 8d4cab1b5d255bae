// Verifying an AWS Signature Version 4 request, as a service does on receipt. It rebuilds the
// canonical request with the same code that signs (core/sigv4.hpp), so signer and verifier
// cannot disagree, and it never sees the body: it takes the body's SHA-256, so that a
// streaming server can hash a part as it arrives and verify once it has all of it.
//
//   sigv4::Verification v = sigv4::verify(request, policy, keys);
//   if (v.refusal != sigv4::Refusal::none) answer(v);   // the reason, with what to say
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/sigv4.hpp"

namespace ulp::sigv4 {

// Why a request is refused, in the order they are checked.
enum class Refusal {
  none,
  missing,          // no Authorization header
  incomplete,       // an Authorization header that does not parse, or no X-Amz-Date
  unknown_key,      // the access key ID is not known
  invalid_token,    // the key needs a session token and the request has another or none
  expired_token,    // the session token is past its expiry
  wrong_region,     // the credential scope names another region
  wrong_service,    // ... another service
  expired,          // X-Amz-Date is older than the allowed skew
  not_yet_current,  // ... or later
  mismatch,         // the signature is not the one the verifier computes
};

// Its name in spec/protocol.json's authentication.refusals ("unknownKey", ...).
std::string_view refusal_name(Refusal refusal);

// A key the verifier knows: its secret, and for temporary credentials the session token
// that must come with it and when that expires.
struct Key {
  Credentials credentials;
  std::optional<std::int64_t> token_expires;  // unix time; none: does not expire
  std::string account;                        // the 12-digit account (registry ID) it belongs to
};

// The request as received: the method, the request target (path and query, as on the request
// line), every header, and the SHA-256 of the body in lower-case hex.
struct ReceivedRequest {
  std::string_view method;
  std::string_view target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string payload_sha256_hex;
};

struct Policy {
  std::string region;                 // the endpoint's region
  std::string service;                // "ecr"
  std::int64_t now = 0;               // unix time, injectable (tests and fuzzers set it)
  std::int64_t max_skew_seconds = 0;  // in either direction
};

struct Verification {
  Refusal refusal = Refusal::none;
  std::string detail;        // for incomplete: what is wrong with the header
  const Key* key = nullptr;  // the signer's key, when it is known
  std::string request_time;  // X-Amz-Date as sent, when it parses
};

using KeyLookup = std::function<const Key*(std::string_view access_key_id)>;

// Never throws on any request (it is fuzzed). Signatures are compared in constant time.
Verification verify(const ReceivedRequest& request, const Policy& policy, const KeyLookup& keys);

// "20150830T123600Z" -> unix time; nullopt when it is not that exact form or not a date.
std::optional<std::int64_t> parse_amz_date(std::string_view text);

}  // namespace ulp::sigv4
