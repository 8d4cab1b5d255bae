#include "reference/authenticator.hpp"

#include <strings.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/credentials.hpp"
#include "core/request_signing.hpp"
#include "core/spec.hpp"

namespace ulp::reference {

namespace {

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

// "2026-12-05T15:00:00Z" (also with fractional seconds or "+00:00", as STS writes it).
std::optional<std::int64_t> parse_iso8601(std::string text) {
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':')
    return std::nullopt;
  std::string rest = text.substr(19);
  if (!rest.empty() && rest[0] == '.') rest.erase(0, rest.find_first_not_of("0123456789", 1));
  if (rest != "Z" && rest != "+00:00") return std::nullopt;
  std::string basic = text.substr(0, 4) + text.substr(5, 2) + text.substr(8, 2) + "T" +
                      text.substr(11, 2) + text.substr(14, 2) + text.substr(17, 2) + "Z";
  return sigv4::parse_amz_date(basic);
}

}  // namespace

Authenticator::Authenticator(std::vector<sigv4::Key> keys, std::string region, Clock clock)
    : keys_(std::move(keys)), region_(std::move(region)), clock_(std::move(clock)) {
  if (keys_.empty()) throw std::invalid_argument("authentication needs at least one key");
  if (!clock_) clock_ = unix_now;
}

sigv4::Verification Authenticator::verify(std::string_view method, std::string_view target,
                                          const Headers& headers,
                                          const std::string& payload_sha256_hex,
                                          Mutant mutant) const {
  const Protocol& p = Spec::get().protocol;
  sigv4::ReceivedRequest request{method, target, {}, payload_sha256_hex};
  for (const auto& [name, value] : headers) {
    std::string v = value;
    // A server that verifies the media type it understood rather than the bytes it got.
    if (mutant == Mutant::auth_header_normalised && strcasecmp(name.c_str(), "Content-Type") == 0)
      v = v.substr(0, v.find(';'));
    request.headers.emplace_back(name, v);
  }
  if (mutant == Mutant::auth_body_hash_from_header) {
    auto claimed = headers.find("X-Amz-Content-Sha256");
    if (claimed != headers.end()) request.payload_sha256_hex = claimed->second;
  }
  sigv4::Policy policy{region_, p.signing_name, clock_(), p.authentication.max_skew_seconds};
  auto scope = sigv4::parse_authorization(
      headers.count("Authorization") ? headers.find("Authorization")->second : std::string());
  if (scope && mutant == Mutant::auth_any_region) policy.region = scope->region;
  if (scope && mutant == Mutant::auth_any_service) policy.service = scope->service;
  if (mutant == Mutant::auth_no_skew_check) policy.max_skew_seconds = INT64_MAX / 4;
  sigv4::KeyLookup lookup = [&](std::string_view id) -> const sigv4::Key* {
    for (const auto& key : keys_)
      if (key.credentials.access_key_id == id || mutant == Mutant::auth_any_key_id) return &key;
    return nullptr;
  };
  sigv4::Verification v = sigv4::verify(request, policy, lookup);
  if (mutant == Mutant::auth_unsigned_accepted && v.refusal == sigv4::Refusal::missing)
    v.refusal = sigv4::Refusal::none;
  if (mutant == Mutant::auth_token_unchecked && v.refusal == sigv4::Refusal::invalid_token) {
    // As if the key had no token: the signature alone decides.
    sigv4::Key tokenless = *v.key;
    tokenless.credentials.session_token.clear();
    auto without = [&](std::string_view) -> const sigv4::Key* { return &tokenless; };
    v = sigv4::verify(request, policy, without);
  }
  if (mutant == Mutant::auth_signature_unchecked && v.refusal == sigv4::Refusal::mismatch)
    v.refusal = sigv4::Refusal::none;
  if (mutant == Mutant::auth_valid_signature_refused && v.refusal == sigv4::Refusal::none) {
    auto target_header = headers.find(Spec::get().protocol.target_header);
    if (target_header != headers.end() && target_header->second.ends_with(".UploadLayerPart"))
      v.refusal = sigv4::Refusal::mismatch;
  }
  return v;
}

std::optional<Error> Authenticator::check(std::string_view method, std::string_view target,
                                          const Headers& headers,
                                          const std::string& payload_sha256_hex,
                                          Mutant mutant) const {
  const sigv4::Verification v = verify(method, target, headers, payload_sha256_hex, mutant);
  if (v.refusal == sigv4::Refusal::none) return std::nullopt;
  const Authentication& auth = Spec::get().protocol.authentication;
  const AuthRefusal& refusal = auth.refusals.at(std::string(sigv4::refusal_name(v.refusal)));
  const std::int64_t now = clock_();
  std::string message = refusal.message;
  replace_all(message, "{detail}", v.detail);
  replace_all(message, "{service}", Spec::get().protocol.signing_name);
  replace_all(message, "{requestTime}", v.request_time);
  replace_all(message, "{now}", sigv4::amz_date(now));
  replace_all(message, "{earliest}", sigv4::amz_date(now - auth.max_skew_seconds));
  replace_all(message, "{latest}", sigv4::amz_date(now + auth.max_skew_seconds));
  replace_all(message, "{skewMinutes}", std::to_string(auth.max_skew_seconds / 60));
  return Error{refusal.type, message, nlohmann::json::object()};
}

std::vector<sigv4::Key> Authenticator::load_keys(const std::string& path) {
  std::string why;
  auto profiles = aws_config::read_credentials_file(path, &why);
  if (!profiles) throw std::runtime_error(why);
  std::vector<sigv4::Key> keys;
  for (const auto& profile : *profiles) {
    const std::string& name = profile.first;  // named, not bound: lambdas capture them
    const aws_config::ProfileKeys& values = profile.second;
    auto value = [&](const char* key) -> std::string {
      auto it = values.find(key);
      return it == values.end() ? "" : it->second;
    };
    auto fail = [&](const std::string& what) {
      throw std::runtime_error(path + ": profile " + name + ": " + what);
    };
    sigv4::Key key;
    key.credentials.access_key_id = value("aws_access_key_id");
    key.credentials.secret_access_key = value("aws_secret_access_key");
    key.credentials.session_token = value("aws_session_token");
    key.account = value("aws_account_id");
    if (key.credentials.access_key_id.empty() || key.credentials.secret_access_key.empty())
      fail("needs aws_access_key_id and aws_secret_access_key");
    if (!value("aws_session_expiration").empty()) {
      key.token_expires = parse_iso8601(value("aws_session_expiration"));
      if (!key.token_expires)
        fail("aws_session_expiration is not an ISO 8601 UTC time like 2026-12-05T15:00:00Z");
    }
    keys.push_back(std::move(key));
  }
  if (keys.empty()) throw std::runtime_error(path + ": no profile with keys");
  return keys;
}

}  // namespace ulp::reference
