#include "core/sigv4_verify.hpp"

#include <nettle/memops.h>

#include <algorithm>
#include <exception>

namespace ulp::sigv4 {
namespace {

std::string lower(std::string_view in) {
  std::string out(in);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

const std::string* header(const ReceivedRequest& request, std::string_view lower_name) {
  for (const auto& [name, value] : request.headers)
    if (lower(name) == lower_name) return &value;
  return nullptr;
}

std::int64_t days_from_civil(std::int64_t y, std::int64_t m, std::int64_t d) {
  // Howard Hinnant's days_from_civil, the inverse of amz_date's civil_from_days.
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool equal_in_constant_time(const std::string& a, const std::string& b) {
  return a.size() == b.size() && memeql_sec(a.data(), b.data(), a.size()) != 0;
}

Verification verify_or_throw(const ReceivedRequest& request, const Policy& policy,
                             const KeyLookup& keys) {
  Verification v;
  auto refuse = [&](Refusal r, std::string detail = {}) {
    v.refusal = r;
    v.detail = std::move(detail);
    return v;
  };
  const std::string* authorization = header(request, "authorization");
  if (!authorization) return refuse(Refusal::missing);
  std::string why;
  auto parsed = parse_authorization(*authorization, &why);
  if (!parsed) return refuse(Refusal::incomplete, why);
  const std::string* date = header(request, "x-amz-date");
  if (!date) return refuse(Refusal::incomplete, "the request has no X-Amz-Date header");
  auto time = parse_amz_date(*date);
  if (!time) return refuse(Refusal::incomplete, "X-Amz-Date is not of the form YYYYMMDDTHHMMSSZ");
  v.request_time = *date;

  v.key = keys ? keys(parsed->access_key_id) : nullptr;
  if (!v.key) return refuse(Refusal::unknown_key);
  const std::string* token = header(request, "x-amz-security-token");
  const std::string& expected_token = v.key->credentials.session_token;
  if ((token == nullptr) != expected_token.empty() ||
      (token && !equal_in_constant_time(*token, expected_token)))
    return refuse(Refusal::invalid_token);
  if (v.key->token_expires && *v.key->token_expires <= policy.now)
    return refuse(Refusal::expired_token);
  if (parsed->region != policy.region) return refuse(Refusal::wrong_region);
  if (parsed->service != policy.service) return refuse(Refusal::wrong_service);
  if (*time < policy.now - policy.max_skew_seconds) return refuse(Refusal::expired);
  if (*time > policy.now + policy.max_skew_seconds) return refuse(Refusal::not_yet_current);
  // The scope's date must be X-Amz-Date's day: it is what the signing key is derived from.
  if (parsed->date != date->substr(0, 8)) return refuse(Refusal::mismatch);

  // Only the headers the client signed, in the order received (repeated ones are joined).
  HttpMessage message;
  message.method = std::string(request.method);
  const std::string_view target = request.target;
  const std::size_t question = target.find('?');
  message.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) message.query = std::string(target.substr(question + 1));
  std::vector<std::string> signed_names;
  for (const auto& name : parsed->signed_headers) signed_names.push_back(lower(name));
  for (const auto& [name, value] : request.headers)
    if (std::find(signed_names.begin(), signed_names.end(), lower(name)) != signed_names.end())
      message.headers.emplace_back(name, value);
  // A signed header that did not arrive is taken as empty: an HTTP layer may drop an empty
  // header, and any other value would not match what was signed.
  for (const auto& name : signed_names)
    if (!header(request, name)) message.headers.emplace_back(name, "");
  // A header list that is not sorted, lower-case and unique cannot be what was signed.
  std::vector<std::string> sorted = signed_names;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  if (sorted != parsed->signed_headers) return refuse(Refusal::mismatch);
  if (std::find(sorted.begin(), sorted.end(), "host") == sorted.end())
    return refuse(Refusal::mismatch);

  const Scope scope{parsed->region, parsed->service, *time};
  const std::string expected =
      signature(v.key->credentials, scope,
                string_to_sign(canonical_request(message, request.payload_sha256_hex), scope));
  if (!equal_in_constant_time(expected, parsed->signature)) return refuse(Refusal::mismatch);
  return v;
}

}  // namespace

std::string_view refusal_name(Refusal refusal) {
  switch (refusal) {
    case Refusal::none:
      return "none";
    case Refusal::missing:
      return "missing";
    case Refusal::incomplete:
      return "incomplete";
    case Refusal::unknown_key:
      return "unknownKey";
    case Refusal::invalid_token:
      return "invalidToken";
    case Refusal::expired_token:
      return "expiredToken";
    case Refusal::wrong_region:
      return "wrongRegion";
    case Refusal::wrong_service:
      return "wrongService";
    case Refusal::expired:
      return "expired";
    case Refusal::not_yet_current:
      return "notYetCurrent";
    case Refusal::mismatch:
      return "mismatch";
  }
  return "mismatch";
}

std::optional<std::int64_t> parse_amz_date(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  auto number = [&](std::size_t pos, std::size_t len) -> std::optional<std::int64_t> {
    std::int64_t n = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      n = n * 10 + (text[i] - '0');
    }
    return n;
  };
  auto year = number(0, 4), month = number(4, 2), day = number(6, 2), hour = number(9, 2),
       minute = number(11, 2), second = number(13, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  if (*hour > 23 || *minute > 59 || *second > 59) return std::nullopt;
  const std::int64_t t =
      days_from_civil(*year, *month, *day) * 86400 + *hour * 3600 + *minute * 60 + *second;
  // Round-tripping rejects the 31st of February and month 13.
  if (amz_date(t) != text) return std::nullopt;
  return t;
}

Verification verify(const ReceivedRequest& request, const Policy& policy, const KeyLookup& keys) {
  try {
    return verify_or_throw(request, policy, keys);
  } catch (const std::exception& e) {  // bad_alloc, or an HMAC key too long for OpenSSL
    Verification v;
    v.refusal = Refusal::incomplete;
    v.detail = e.what();
    return v;
  }
}

}  // namespace ulp::sigv4
