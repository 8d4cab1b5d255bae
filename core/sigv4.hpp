// AWS Signature Version 4 (AWS4-HMAC-SHA256) for the JSON-protocol calls this suite sends.
//
// The steps mirror the AWS documentation ("Create a signed AWS API request") so each one can be
// checked on its own: canonical_request -> string_to_sign -> signature. sign() runs all three.
// Hashing and HMAC come from OpenSSL (libcrypto).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ulp::sigv4 {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
};

// The parts of an HTTP request that are signed, exactly as they go on the wire.
struct HttpMessage {
  std::string method;  // "POST"
  std::string path;    // "/" (already URI-encoded, as sent)
  std::string query;   // raw query string without '?', may be empty
  std::vector<std::pair<std::string, std::string>> headers;  // as sent; must include Host
  std::string_view body;
};

// Who the signature is for and when it was made.
struct Scope {
  std::string region;      // "us-west-2"
  std::string service;     // "ecr"
  std::int64_t unix_time;  // seconds since the epoch, UTC
};

// Task 1 of the AWS documentation; the payload hash is ulp::Sha256::hex_of(body). Every header in
// `message.headers` is signed. The path is normalised (dot segments and empty segments removed) and
// encoded once more, which is the "double encoding" AWS asks of every service except S3. The query
// is decoded and re-encoded strictly per RFC 3986 ('+' is a literal plus), then sorted by key and
// value.
std::string canonical_request(const HttpMessage& message, std::string_view payload_hash_hex);

// Task 2: "AWS4-HMAC-SHA256\n<amz date>\n<date>/<region>/<service>/aws4_request\n<hash>".
std::string string_to_sign(const std::string& canonical_request, const Scope& scope);

// Task 3: HMAC chain over date, region, service and "aws4_request", then over the
// string to sign. Lower-case hex.
std::string signature(const Credentials& credentials, const Scope& scope,
                      const std::string& string_to_sign);

// Returns the headers to add, in this order: X-Amz-Date, X-Amz-Security-Token (only when there
// is a session token), Authorization. The first two are part of what is signed.
// Throws std::invalid_argument when the message has no Host header or already carries one of
// the headers sign() adds (sending them twice would make the signature meaningless).
std::vector<std::pair<std::string, std::string>> sign(const HttpMessage& message,
                                                      const Credentials& credentials,
                                                      const Scope& scope);

// ISO 8601 basic format in UTC, as used by X-Amz-Date: "20150830T123600Z".
// Throws std::out_of_range outside the years 0000-9999, which the format cannot express.
std::string amz_date(std::int64_t unix_time);

// The fields of a parsed Authorization header.
struct Authorization {
  std::string access_key_id;
  std::string date;                         // "20150830"
  std::string region;                       // "us-east-1"
  std::string service;                      // "ecr"
  std::string terminator;                   // always "aws4_request" when parsing succeeds
  std::vector<std::string> signed_headers;  // as written; not lower-cased or sorted
  std::string signature;                    // 64 lower-case hex digits
};

// Parses an "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/ecr/aws4_request,
// SignedHeaders=a;b, Signature=hex" header. The three parameters may come in any order,
// separated by ',' with optional spaces. Only the syntax is checked, not the signature.
// Never throws and never crashes on any input (it is fuzzed): returns std::nullopt and, when
// `why` is not null, sets *why to a reason a person can act on.
std::optional<Authorization> parse_authorization(std::string_view header,
                                                 std::string* why = nullptr);

}  // namespace ulp::sigv4
