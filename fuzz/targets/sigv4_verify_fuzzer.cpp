// fuzz_sigv4_verify: the SigV4 verifier (core/sigv4_verify.hpp) on any HTTP request. The input
// is read loosely as an HTTP request (fuzz/support/http_wire.hpp). Oracles:
//  - the request as received (its own Authorization, if any) never crashes the verifier and
//    never verifies: a signature cannot be guessed;
//  - the request signed by core's signer (its own signing headers replaced) always verifies;
//  - a change to any signed byte of it never does: the method, the path, each signed header,
//    the body, X-Amz-Date (one second later, well within the skew), the scope's region and
//    service, and the session token.
// Planted bug (ULP_FUZZ_MUTANT): body-not-hashed.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/sha256.hpp"
#include "core/sigv4.hpp"
#include "core/sigv4_verify.hpp"
#include "fuzz/support/fuzz_check.hpp"
#include "fuzz/support/http_wire.hpp"
#include "fuzz/support/planted_bug.hpp"

namespace sigv4 = ulp::sigv4;

namespace {

const ulp::fuzz::PlantedBug kBug{"body-not-hashed",
                                 "the verifier is given the hash of an empty body"};
bool planted = false;

// Temporary credentials and a fixed clock: runs stay deterministic.
const sigv4::Key kKey{{"ASIAEXAMPLEFUZZKEY00", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                       "FwoGZXIvYXdzEXAMPLETOKEN"},
                      std::nullopt,
                      "123456789012"};
constexpr std::int64_t kNow = 1440938160;
const sigv4::Policy kPolicy{"us-east-1", "ecr", kNow, 900};

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

bool is_token(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos))
      return false;
  return true;
}

bool is_signing_header(const std::string& name) {
  const std::string n = lower(name);
  return n == "authorization" || n == "x-amz-date" || n == "x-amz-security-token";
}

sigv4::Verification verify(const sigv4::ReceivedRequest& r, std::string_view body) {
  sigv4::ReceivedRequest copy = r;
  copy.payload_sha256_hex = ulp::Sha256::hex_of(planted ? std::string_view() : body);
  return sigv4::verify(copy, kPolicy, [](std::string_view id) -> const sigv4::Key* {
    return id == kKey.credentials.access_key_id ? &kKey : nullptr;
  });
}

std::string target_of(const ulp::fuzz::WireMessage& m) {
  return m.query.empty() ? m.path : m.path + "?" + m.query;
}

void expect_refused(const sigv4::ReceivedRequest& r, std::string_view body, const char* change) {
  const sigv4::Verification v = verify(r, body);
  ULP_FUZZ_CHECK(v.refusal != sigv4::Refusal::none,
                 "a signed request verifies after this change: " << change);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  planted = ulp::fuzz::planted_bug_active("fuzz_sigv4_verify", kBug);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ulp::fuzz::WireMessage wire =
      ulp::fuzz::read_wire_loosely({reinterpret_cast<const char*>(data), size});

  // As received: never verifies (whatever its Authorization says), never crashes.
  const std::string target = target_of(wire);
  sigv4::ReceivedRequest received{wire.method, target, wire.headers, {}};
  ULP_FUZZ_CHECK(verify(received, wire.body).refusal != sigv4::Refusal::none,
                 "an unsigned or made-up request verifies");

  // Signed by core's signer: the headers an HTTP server would pass on, Host included.
  sigv4::HttpMessage message{wire.method.empty() ? "POST" : wire.method,
                             wire.path.empty() ? "/" : wire.path,
                             wire.query,
                             {},
                             wire.body};
  bool has_host = false;
  for (const auto& [name, value] : wire.headers) {
    if (!is_token(name) || is_signing_header(name)) continue;
    has_host = has_host || lower(name) == "host";
    message.headers.emplace_back(name, value);
  }
  if (!has_host) message.headers.emplace_back("Host", "127.0.0.1");
  const sigv4::Scope scope{kPolicy.region, kPolicy.service, kNow};
  sigv4::ReceivedRequest good{message.method, "", message.headers, {}};
  const std::string good_target =
      message.query.empty() ? message.path : message.path + "?" + message.query;
  good.target = good_target;
  for (auto& [name, value] : sigv4::sign(message, kKey.credentials, scope))
    good.headers.emplace_back(name, value);
  const sigv4::Verification v = verify(good, wire.body);
  ULP_FUZZ_CHECK(v.refusal == sigv4::Refusal::none,
                 "a request signed by core's signer is refused: " << sigv4::refusal_name(v.refusal)
                                                                  << " " << v.detail);

  // Each signed byte changed: never verifies.
  {
    sigv4::ReceivedRequest r = good;
    const std::string method = message.method + "X";
    r.method = method;
    expect_refused(r, wire.body, "the method");
  }
  {
    sigv4::ReceivedRequest r = good;
    const std::string changed =
        message.path + "x" + (message.query.empty() ? "" : "?" + message.query);
    r.target = changed;
    expect_refused(r, wire.body, "the path");
  }
  expect_refused(good, wire.body + "x", "the body");
  std::size_t changed_headers = 0;
  for (std::size_t i = 0; i < good.headers.size() && changed_headers < 8; ++i) {
    if (lower(good.headers[i].first) == "authorization") continue;
    sigv4::ReceivedRequest r = good;
    r.headers[i].second += "x";
    expect_refused(r, wire.body, "a signed header");
    ++changed_headers;
  }
  for (auto& [name, value] : good.headers) {
    if (lower(name) != "authorization") continue;
    for (const auto& [from, to] :
         {std::pair<std::string, std::string>{"/us-east-1/", "/us-west-2/"}, {"/ecr/", "/sts/"}}) {
      sigv4::ReceivedRequest r = good;
      for (auto& h : r.headers)
        if (lower(h.first) == "authorization")
          h.second.replace(h.second.find(from), from.size(), to);
      expect_refused(r, wire.body, "the scope");
    }
  }
  {
    sigv4::ReceivedRequest r = good;
    for (auto& [name, value] : r.headers)
      if (lower(name) == "x-amz-date") value = sigv4::amz_date(kNow + 1);
    expect_refused(r, wire.body, "X-Amz-Date");
  }
  {
    sigv4::ReceivedRequest r = good;
    std::erase_if(r.headers,
                  [](const auto& h) { return lower(h.first) == "x-amz-security-token"; });
    expect_refused(r, wire.body, "the session token dropped");
  }
  return 0;
}
