// fuzz_sigv4_sign: SigV4 canonical requests and signatures of any HTTP request. The input is
// read loosely as an HTTP request (fuzz/support/http_wire.hpp): method, path, query, headers
// and body all come from it; a Host header is added when it has none, as every signed
// request has one. Oracles: the canonical request has the documented form (normalised,
// encoded path; sorted, encoded query; lower-case, sorted, merged headers; the payload hash);
// it does not depend on the order of differently named headers, and canonicalising the query
// twice changes nothing; sign() refuses only what it documents, and its Authorization header
// parses back to the scope, the signed headers and the signature computed step by step.
// Planted bug (ULP_FUZZ_MUTANT): canonical-headers-unsorted.
#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/sha256.hpp"
#include "core/sigv4.hpp"
#include "fuzz/support/fuzz_check.hpp"
#include "fuzz/support/http_wire.hpp"
#include "fuzz/support/planted_bug.hpp"

namespace sigv4 = ulp::sigv4;

namespace {

const ulp::fuzz::PlantedBug kBug{"canonical-headers-unsorted",
                                 "canonical_request lists the headers in reverse order"};
bool planted = false;

// The AWS documentation's example credentials and a fixed time: runs stay deterministic.
const sigv4::Credentials kCredentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                      ""};
const sigv4::Scope kScope{"us-east-1", "ecr", 1440938160};

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

bool is_unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

// Only unreserved characters and upper-case %XY escapes (and '/' in a path).
bool canonically_encoded(std::string_view s, bool path) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (is_unreserved(s[i]) || (path && s[i] == '/')) continue;
    if (s[i] != '%' || i + 2 >= s.size()) return false;
    for (char h : {s[i + 1], s[i + 2]})
      if (!((h >= '0' && h <= '9') || (h >= 'A' && h <= 'F'))) return false;
    i += 2;
  }
  return true;
}

bool is_token_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

struct CanonicalRequest {
  std::string method, path, query, signed_headers, payload_hash;
  std::vector<std::string> header_lines;
};

CanonicalRequest check_form(const std::string& canonical, const sigv4::HttpMessage& m,
                            const std::string& payload_hash) {
  const std::vector<std::string> lines = split(canonical, '\n');
  ULP_FUZZ_CHECK(lines.size() >= 6, "a canonical request of " << lines.size() << " lines");
  CanonicalRequest c;
  c.method = lines[0];
  c.path = lines[1];
  c.query = lines[2];
  c.payload_hash = lines.back();
  c.signed_headers = lines[lines.size() - 2];
  ULP_FUZZ_CHECK(lines[lines.size() - 3].empty(), "no empty line after the headers");
  c.header_lines.assign(lines.begin() + 3, lines.end() - 3);

  ULP_FUZZ_CHECK(c.method == m.method, "method " << c.method);
  ULP_FUZZ_CHECK(c.payload_hash == payload_hash, "payload hash " << c.payload_hash);
  ULP_FUZZ_CHECK(c.path.starts_with("/") && canonically_encoded(c.path, true),
                 "path not canonically encoded: " << c.path);
  const std::vector<std::string> segments = split(c.path.substr(1), '/');
  for (std::size_t i = 0; i < segments.size(); ++i)
    ULP_FUZZ_CHECK(segments[i] != "." && segments[i] != ".." &&
                       (!segments[i].empty() || i + 1 == segments.size()),
                   "path not normalised: " << c.path);
  if (!c.query.empty()) {
    std::pair<std::string, std::string> previous;  // sorted by name, then by value
    for (const auto& item : split(c.query, '&')) {
      auto eq = item.find('=');
      ULP_FUZZ_CHECK(eq != std::string::npos, "query pair without '=': " << c.query);
      std::pair<std::string, std::string> pair{item.substr(0, eq), item.substr(eq + 1)};
      ULP_FUZZ_CHECK(
          canonically_encoded(pair.first, false) && canonically_encoded(pair.second, false),
          "query not canonically encoded: " << c.query);
      ULP_FUZZ_CHECK(previous <= pair, "query not sorted: " << c.query);
      previous = pair;
    }
  }
  std::vector<std::string> names;
  for (const auto& line : c.header_lines) {
    auto colon = line.find(':');
    ULP_FUZZ_CHECK(colon != std::string::npos, "header line without ':': " << line);
    std::string name = line.substr(0, colon);
    ULP_FUZZ_CHECK(name == lower(name), "header name not lower-case: " << name);
    ULP_FUZZ_CHECK(names.empty() || names.back() < name, "header names not sorted and merged");
    names.push_back(name);
  }
  std::string joined;
  for (const auto& n : names) joined += (joined.empty() ? "" : ";") + n;
  ULP_FUZZ_CHECK(c.signed_headers == joined,
                 "signed headers " << c.signed_headers << ", want " << joined);
  return c;
}

// The headers with those of the first name moved to the end, in their own order.
std::vector<std::pair<std::string, std::string>> first_name_last(
    const std::vector<std::pair<std::string, std::string>>& headers) {
  if (headers.empty()) return headers;
  const std::string first = lower(headers.front().first);
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& h : headers)
    if (lower(h.first) != first) out.push_back(h);
  for (const auto& h : headers)
    if (lower(h.first) == first) out.push_back(h);
  return out;
}

bool has_header(const sigv4::HttpMessage& m, const std::string& lower_name) {
  return std::any_of(m.headers.begin(), m.headers.end(),
                     [&](const auto& h) { return lower(h.first) == lower_name; });
}

void check_signing(const sigv4::HttpMessage& m) {
  const bool refused_by_design = has_header(m, "x-amz-date") || has_header(m, "authorization") ||
                                 has_header(m, "x-amz-security-token");
  std::vector<std::pair<std::string, std::string>> added;
  try {
    added = sigv4::sign(m, kCredentials, kScope);
  } catch (const std::invalid_argument& e) {
    ULP_FUZZ_CHECK(refused_by_design, "sign() refuses a message it should sign: " << e.what());
    return;
  }
  ULP_FUZZ_CHECK(!refused_by_design, "sign() signs a message that carries its own signature");
  ULP_FUZZ_CHECK(added.size() == 2 && added[0].first == "X-Amz-Date" &&
                     added[0].second == sigv4::amz_date(kScope.unix_time) &&
                     added[1].first == "Authorization",
                 "sign() added " << added.size() << " headers");
  ULP_FUZZ_CHECK(sigv4::sign(m, kCredentials, kScope) == added, "sign() is not deterministic");

  sigv4::HttpMessage signed_message = m;
  signed_message.headers.push_back(added[0]);
  const std::string canonical =
      sigv4::canonical_request(signed_message, ulp::Sha256::hex_of(m.body));
  const std::string expected_signature =
      sigv4::signature(kCredentials, kScope, sigv4::string_to_sign(canonical, kScope));
  const std::string& header = added[1].second;
  ULP_FUZZ_CHECK(header.ends_with("Signature=" + expected_signature),
                 "the Authorization header does not carry the signature: " << header);

  const bool token_names = std::all_of(m.headers.begin(), m.headers.end(), [](const auto& h) {
    return !h.first.empty() && std::all_of(h.first.begin(), h.first.end(), is_token_char);
  });
  if (!token_names) return;  // a name no HTTP message can carry: nothing to parse back
  std::string why;
  auto parsed = sigv4::parse_authorization(header, &why);
  ULP_FUZZ_CHECK(parsed,
                 "sign()'s own Authorization header does not parse: " << why << "\n  " << header);
  std::string names;
  for (const auto& n : parsed->signed_headers) names += (names.empty() ? "" : ";") + n;
  ULP_FUZZ_CHECK(parsed->access_key_id == kCredentials.access_key_id &&
                     parsed->date == sigv4::amz_date(kScope.unix_time).substr(0, 8) &&
                     parsed->region == kScope.region && parsed->service == kScope.service &&
                     parsed->signature == expected_signature &&
                     names == split(canonical, '\n')[split(canonical, '\n').size() - 2],
                 "the Authorization header parses to other values: " << header);
}

// The planted bug: the canonical headers' lines reversed.
std::string reverse_header_lines(const std::string& canonical) {
  std::vector<std::string> lines = split(canonical, '\n');
  if (lines.size() < 6) return canonical;
  std::reverse(lines.begin() + 3, lines.end() - 3);
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) out += (i ? "\n" : "") + lines[i];
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  planted = ulp::fuzz::planted_bug_active("fuzz_sigv4_sign", kBug);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ulp::fuzz::WireMessage wire =
      ulp::fuzz::read_wire_loosely(std::string_view(reinterpret_cast<const char*>(data), size));
  sigv4::HttpMessage m{wire.method, wire.path, wire.query, wire.headers, wire.body};
  if (!has_header(m, "host")) m.headers.emplace_back("Host", "api.ecr.us-east-1.amazonaws.com");

  const std::string payload_hash = ulp::Sha256::hex_of(m.body);
  std::string canonical = sigv4::canonical_request(m, payload_hash);
  if (planted) canonical = reverse_header_lines(canonical);
  const CanonicalRequest c = check_form(canonical, m, payload_hash);

  sigv4::HttpMessage reordered = m;
  reordered.headers = first_name_last(m.headers);
  ULP_FUZZ_CHECK(sigv4::canonical_request(reordered, payload_hash) == canonical,
                 "the canonical request depends on the order of differently named headers");

  sigv4::HttpMessage requeried = m;
  requeried.query = c.query;
  ULP_FUZZ_CHECK(
      check_form(sigv4::canonical_request(requeried, payload_hash), m, payload_hash).query ==
          c.query,
      "canonicalising the query twice changes it: " << c.query);

  check_signing(m);
  return 0;
}
