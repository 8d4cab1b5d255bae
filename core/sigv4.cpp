#include "core/sigv4.hpp"

#include "core/hex.hpp"
#include "core/sha256.hpp"

#include <nettle/hmac.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <stdexcept>

namespace ulp::sigv4 {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view kTerminator = "aws4_request";

using Digest = std::array<unsigned char, 32>;

Digest hmac_sha256(std::string_view key, std::string_view data) {
  hmac_sha256_ctx ctx;
  hmac_sha256_set_key(&ctx, key.size(), reinterpret_cast<const std::uint8_t*>(key.data()));
  hmac_sha256_update(&ctx, data.size(), reinterpret_cast<const std::uint8_t*>(data.data()));
  Digest digest;
  hmac_sha256_digest(&ctx, digest.size(), digest.data());
  return digest;
}

std::string_view as_view(const Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

// RFC 3986 percent-encoding as SigV4 wants it: unreserved characters stay, everything else
// (each UTF-8 byte) becomes %XY with upper-case hex.
std::string uri_encode(std::string_view in, bool keep_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(in.size());
  for (unsigned char c : in) {
    if (is_unreserved(c) || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 0x0f]);
    }
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Undoes %XY escapes; a '%' that does not start a valid escape is kept as a literal '%'.
std::string percent_decode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size() && hex_value(in[i + 1]) >= 0 &&
        hex_value(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(in[i + 1]) * 16 + hex_value(in[i + 2])));
      i += 2;
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

// RFC 3986 section 5.2.4 plus what AWS adds for non-S3 services: empty segments ("//") go too.
// A trailing slash survives, as botocore keeps it.
std::string remove_dot_segments(std::string_view path) {
  std::vector<std::string_view> kept;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment == "..") {
      if (!kept.empty()) kept.pop_back();
    } else if (!segment.empty() && segment != ".") {
      kept.push_back(segment);
    }
    start = end + 1;
  }
  std::string out = "/";
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (i > 0) out.push_back('/');
    out.append(kept[i]);
  }
  if (!kept.empty() && path.back() == '/') out.push_back('/');
  return out;
}

std::string canonical_path(std::string_view path) {
  // The path arrives encoded once already; encoding it again (keeping '/') is what AWS calls
  // "URI-encode each path segment twice". botocore does the same.
  return uri_encode(remove_dot_segments(path), /*keep_slash=*/true);
}

std::string canonical_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view item = query.substr(start, end - start);
    if (!item.empty()) {  // "a=1&&b=2" and a trailing '&' carry no parameter
      std::size_t eq = item.find('=');
      std::string_view key = item.substr(0, eq);
      std::string_view value = eq == std::string_view::npos ? "" : item.substr(eq + 1);
      // Decoding first makes "%7e", "%7E" and "~" sign the same; a query that is already
      // canonically encoded (what botocore sends) comes out unchanged.
      pairs.emplace_back(uri_encode(percent_decode(key), false),
                         uri_encode(percent_decode(value), false));
    }
    start = end + 1;
  }
  std::sort(pairs.begin(), pairs.end());  // by encoded key, then by encoded value
  std::string out;
  for (const auto& [key, value] : pairs) {
    if (!out.empty()) out.push_back('&');
    out.append(key).append("=").append(value);
  }
  return out;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// AWS "Trimall": no leading or trailing whitespace, inner runs become one space.
std::string trim_all(std::string_view value) {
  std::string out;
  bool pending_space = false;
  for (char c : value) {
    if (is_space(c)) {
      pending_space = !out.empty();
    } else {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.push_back(c);
    }
  }
  return out;
}

std::string lower(std::string_view in) {
  std::string out(in);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

struct CanonicalHeaders {
  std::string block;  // "name:value\n" lines
  std::string names;  // "name;name"
};

CanonicalHeaders canonical_headers(const std::vector<std::pair<std::string, std::string>>& in) {
  std::vector<std::pair<std::string, std::string>> headers;
  headers.reserve(in.size());
  for (const auto& [name, value] : in) headers.emplace_back(lower(name), trim_all(value));
  // Stable so repeated headers keep the order they are sent in when joined with ','.
  std::stable_sort(headers.begin(), headers.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  CanonicalHeaders out;
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const std::string& name = headers[i].first;
    if (i > 0 && headers[i - 1].first == name) {
      out.block.back() = ',';  // replace the '\n' of the previous value of this header
    } else {
      if (!out.names.empty()) out.names.push_back(';');
      out.names.append(name);
      out.block.append(name).push_back(':');
    }
    out.block.append(headers[i].second).push_back('\n');
  }
  return out;
}

std::string credential_scope(const Scope& scope) {
  return amz_date(scope.unix_time).substr(0, 8) + "/" + scope.region + "/" + scope.service + "/" +
         std::string(kTerminator);
}

bool has_header(const HttpMessage& message, std::string_view lower_name) {
  return std::any_of(message.headers.begin(), message.headers.end(),
                     [&](const auto& header) { return lower(header.first) == lower_name; });
}

// ---- parse_authorization helpers --------------------------------------------------------

// Short, printable rendering of a piece of the input for error messages.
std::string quoted(std::string_view text) {
  constexpr std::size_t kMax = 60;
  std::string out = "'";
  out.append(text.substr(0, kMax));
  if (text.size() > kMax) out.append("...");
  out.push_back('\'');
  return out;
}

bool is_ows(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim_ows(std::string_view text) {
  while (!text.empty() && is_ows(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_ows(text.back())) text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_valid_yyyymmdd(std::string_view date) {
  if (date.size() != 8 || !std::all_of(date.begin(), date.end(), is_digit)) return false;
  auto number = [&](std::size_t pos, std::size_t len) {
    int n = 0;
    for (std::size_t i = pos; i < pos + len; ++i) n = n * 10 + (date[i] - '0');
    return n;
  };
  const int year = number(0, 4), month = number(4, 2), day = number(6, 2);
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

bool is_scope_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-' || c == '_' ||
         c == '.';
}

bool is_token_char(char c) {  // RFC 9110 tchar: what a header name may contain
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::optional<Authorization> parse_or_explain(std::string_view header, std::string& why) {
  auto fail = [&](std::string reason) -> std::optional<Authorization> {
    why = std::move(reason);
    return std::nullopt;
  };

  if (header.empty()) return fail("the Authorization header is empty");
  for (std::size_t i = 0; i < header.size(); ++i) {
    const auto c = static_cast<unsigned char>(header[i]);
    if ((c < 0x20 && c != '\t') || c >= 0x7f) {
      static constexpr char kDigits[] = "0123456789ABCDEF";
      return fail(std::string("byte 0x") + kDigits[c >> 4] + kDigits[c & 0x0f] + " at offset " +
                  std::to_string(i) +
                  " is not printable ASCII, which a SigV4 Authorization header never contains");
    }
  }
  std::string_view rest = trim_ows(header);
  if (rest.empty()) return fail("the Authorization header is only whitespace");

  std::size_t space = 0;
  while (space < rest.size() && !is_ows(rest[space])) ++space;
  const std::string_view algorithm = rest.substr(0, space);
  if (algorithm != kAlgorithm) {
    if (algorithm.starts_with(kAlgorithm)) {
      return fail("expected a space after AWS4-HMAC-SHA256, found " +
                  quoted(algorithm.substr(kAlgorithm.size())));
    }
    return fail("unsupported algorithm " + quoted(algorithm) + "; expected AWS4-HMAC-SHA256");
  }
  rest = trim_ows(rest.substr(space));
  if (rest.empty()) {
    return fail(
        "nothing after AWS4-HMAC-SHA256; expected Credential=..., SignedHeaders=..., "
        "Signature=...");
  }

  std::optional<std::string_view> credential, signed_headers, signature;
  const std::vector<std::string_view> params = split(rest, ',');
  for (std::size_t index = 0; index < params.size(); ++index) {
    const std::string_view param = trim_ows(params[index]);
    if (param.empty()) {
      return fail("parameter " + std::to_string(index + 1) + " is empty (a stray or doubled ',')");
    }
    if (std::any_of(param.begin(), param.end(), is_ows)) {
      return fail("parameter " + quoted(param) +
                  " contains whitespace (parameters are separated by ',')");
    }
    const std::size_t eq = param.find('=');
    if (eq == std::string_view::npos) {
      return fail("parameter " + quoted(param) + " has no '='");
    }
    const std::string_view name = param.substr(0, eq);
    const std::string_view value = param.substr(eq + 1);
    std::optional<std::string_view>* slot = nullptr;
    if (name == "Credential") {
      slot = &credential;
    } else if (name == "SignedHeaders") {
      slot = &signed_headers;
    } else if (name == "Signature") {
      slot = &signature;
    } else {
      const std::string lowered = lower(name);
      const bool case_only =
          lowered == "credential" || lowered == "signedheaders" || lowered == "signature";
      return fail("unknown parameter " + quoted(name) +
                  "; expected Credential, SignedHeaders and Signature" +
                  (case_only ? " (names are case-sensitive)" : ""));
    }
    if (slot->has_value()) {
      return fail("parameter " + std::string(name) + " appears more than once");
    }
    if (value.empty()) return fail("parameter " + std::string(name) + " has an empty value");
    *slot = value;
  }

  std::string missing;
  for (const auto& [name, slot] :
       {std::pair{"Credential", &credential}, std::pair{"SignedHeaders", &signed_headers},
        std::pair{"Signature", &signature}}) {
    if (!slot->has_value()) missing.append(missing.empty() ? "" : ", ").append(name);
  }
  if (!missing.empty()) return fail("missing parameter(s): " + missing);

  Authorization result;
  const std::vector<std::string_view> scope = split(*credential, '/');
  if (scope.size() != 5) {
    return fail("Credential " + quoted(*credential) + " has " + std::to_string(scope.size()) +
                " '/'-separated parts; expected 5: AKID/YYYYMMDD/region/service/aws4_request");
  }
  static constexpr const char* kPartNames[] = {"access key id", "date", "region", "service",
                                               "terminator"};
  for (std::size_t i = 0; i < scope.size(); ++i) {
    if (scope[i].empty()) {
      return fail("Credential " + quoted(*credential) + " has an empty " + kPartNames[i]);
    }
  }
  if (!is_valid_yyyymmdd(scope[1])) {
    return fail("Credential date " + quoted(scope[1]) + " is not a valid YYYYMMDD date");
  }
  for (std::size_t i : {2u, 3u}) {
    if (!std::all_of(scope[i].begin(), scope[i].end(), is_scope_char)) {
      return fail(std::string("Credential ") + kPartNames[i] + " " + quoted(scope[i]) +
                  " may only contain letters, digits, '-', '_' and '.'");
    }
  }
  if (scope[4] != kTerminator) {
    // AWS's own wording for this mistake.
    return fail("Credential should be scoped with a valid terminator: 'aws4_request', not " +
                quoted(scope[4]));
  }
  result.access_key_id = scope[0];
  result.date = scope[1];
  result.region = scope[2];
  result.service = scope[3];
  result.terminator = scope[4];

  for (std::string_view name : split(*signed_headers, ';')) {
    if (name.empty()) {
      return fail("SignedHeaders " + quoted(*signed_headers) +
                  " has an empty header name (a stray or doubled ';')");
    }
    if (!std::all_of(name.begin(), name.end(), is_token_char)) {
      return fail("SignedHeaders entry " + quoted(name) + " is not a valid header name");
    }
    result.signed_headers.emplace_back(name);
  }

  if (signature->size() != 64) {
    return fail("Signature should be 64 hex digits, found " + std::to_string(signature->size()) +
                " characters");
  }
  for (char c : *signature) {
    if (!is_digit(c) && !(c >= 'a' && c <= 'f')) {
      return fail("Signature contains " + quoted(std::string_view(&c, 1)) +
                  ", which is not a lower-case hex digit");
    }
  }
  result.signature = *signature;
  return result;
}

}  // namespace

std::string canonical_request(const HttpMessage& message, std::string_view payload_hash_hex) {
  const CanonicalHeaders headers = canonical_headers(message.headers);
  std::string out;
  out.append(message.method).push_back('\n');
  out.append(canonical_path(message.path)).push_back('\n');
  out.append(canonical_query(message.query)).push_back('\n');
  out.append(headers.block).push_back('\n');  // the block ends in '\n', then the blank line
  out.append(headers.names).push_back('\n');
  out.append(payload_hash_hex);
  return out;
}

std::string string_to_sign(const std::string& canonical_request, const Scope& scope) {
  return std::string(kAlgorithm) + "\n" + amz_date(scope.unix_time) + "\n" +
         credential_scope(scope) + "\n" + Sha256::hex_of(canonical_request);
}

std::string signature(const Credentials& credentials, const Scope& scope,
                      const std::string& string_to_sign) {
  const std::string date = amz_date(scope.unix_time).substr(0, 8);
  const Digest k_date = hmac_sha256("AWS4" + credentials.secret_access_key, date);
  const Digest k_region = hmac_sha256(as_view(k_date), scope.region);
  const Digest k_service = hmac_sha256(as_view(k_region), scope.service);
  const Digest k_signing = hmac_sha256(as_view(k_service), kTerminator);
  const Digest result = hmac_sha256(as_view(k_signing), string_to_sign);
  return to_hex(result.data(), result.size());
}

std::vector<std::pair<std::string, std::string>> sign(const HttpMessage& message,
                                                      const Credentials& credentials,
                                                      const Scope& scope) {
  if (!has_header(message, "host")) {
    throw std::invalid_argument("sigv4::sign: the message has no Host header; AWS requires it");
  }
  for (std::string_view name : {"x-amz-date", "x-amz-security-token", "authorization"}) {
    if (has_header(message, name)) {
      throw std::invalid_argument("sigv4::sign: the message already has a " + std::string(name) +
                                  " header; sign() adds it");
    }
  }

  std::vector<std::pair<std::string, std::string>> added;
  added.emplace_back("X-Amz-Date", amz_date(scope.unix_time));
  if (!credentials.session_token.empty()) {
    added.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }

  HttpMessage namesmessage = message;
  namesmessage.headers.insert(namesmessage.headers.end(), added.begin(), added.end());
  const std::string request = canonical_request(namesmessage, Sha256::hex_of(message.body));
  const std::string to_sign = string_to_sign(request, scope);

  const CanonicalHeaders headers = canonical_headers(namesmessage.headers);
  added.emplace_back("Authorization",
                     std::string(kAlgorithm) + " Credential=" + credentials.access_key_id + "/" +
                         credential_scope(scope) + ", SignedHeaders=" + headers.names +
                         ", Signature=" + signature(credentials, scope, to_sign));
  return added;
}

std::string amz_date(std::int64_t unix_time) {
  // Howard Hinnant's civil_from_days; exact for the whole int64 range of days used here.
  std::int64_t days = unix_time / 86400;
  std::int64_t seconds = unix_time % 86400;
  if (seconds < 0) {
    seconds += 86400;
    days -= 1;
  }
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) {
    throw std::out_of_range("sigv4::amz_date: " + std::to_string(unix_time) +
                            " is outside the years 0000-9999");
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d%02d%02dT%02d%02d%02dZ", static_cast<int>(year),
                static_cast<int>(month), static_cast<int>(day), static_cast<int>(seconds / 3600),
                static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
  return buffer;
}

std::optional<Authorization> parse_authorization(std::string_view header, std::string* why) {
  std::string reason;
  try {
    std::optional<Authorization> result = parse_or_explain(header, reason);
    if (!result && why != nullptr) *why = std::move(reason);
    return result;
  } catch (...) {  // only std::bad_alloc can get here; the promise is "never throws"
    try {
      if (why != nullptr) *why = "out of memory while parsing the Authorization header";
    } catch (...) {
    }
    return std::nullopt;
  }
}

}  // namespace ulp::sigv4
