// fuzz_sigv4_authorization: parsing of Authorization headers (sigv4::parse_authorization),
// which the reference runs on every signed request. Oracles: it never throws; a refusal
// says why; an accepted header has the documented parts (a YYYYMMDD date, aws4_request,
// 64 lower-case hex digits, token header names), and written again in the canonical form it
// parses to the same values. Planted bug (ULP_FUZZ_MUTANT): accepts-any-header.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/sigv4.hpp"
#include "fuzz/support/fuzz_check.hpp"
#include "fuzz/support/planted_bug.hpp"

namespace sigv4 = ulp::sigv4;

namespace {

const ulp::fuzz::PlantedBug kBug{
    "accepts-any-header",
    "parse_authorization takes a header it cannot read as one with empty parts"};
bool planted = false;

bool lower_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

std::string canonical_form(const sigv4::Authorization& a) {
  std::string names;
  for (const auto& n : a.signed_headers) names += (names.empty() ? "" : ";") + n;
  return "AWS4-HMAC-SHA256 Credential=" + a.access_key_id + "/" + a.date + "/" + a.region + "/" +
         a.service + "/" + a.terminator + ", SignedHeaders=" + names + ", Signature=" + a.signature;
}

bool same(const sigv4::Authorization& a, const sigv4::Authorization& b) {
  return a.access_key_id == b.access_key_id && a.date == b.date && a.region == b.region &&
         a.service == b.service && a.terminator == b.terminator &&
         a.signed_headers == b.signed_headers && a.signature == b.signature;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  planted = ulp::fuzz::planted_bug_active("fuzz_sigv4_authorization", kBug);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view header(reinterpret_cast<const char*>(data), size);
  std::string why;
  auto parsed = sigv4::parse_authorization(header, &why);
  if (planted && !parsed) parsed = sigv4::Authorization{};
  if (!parsed) {
    ULP_FUZZ_CHECK(!why.empty(), "a refusal without a reason");
    return 0;
  }
  const sigv4::Authorization& a = *parsed;
  ULP_FUZZ_CHECK(a.terminator == "aws4_request", "terminator " << a.terminator);
  ULP_FUZZ_CHECK(a.date.size() == 8 && std::all_of(a.date.begin(), a.date.end(),
                                                   [](char c) { return c >= '0' && c <= '9'; }),
                 "date " << a.date);
  ULP_FUZZ_CHECK(
      a.signature.size() == 64 && std::all_of(a.signature.begin(), a.signature.end(), lower_hex),
      "signature " << a.signature);
  ULP_FUZZ_CHECK(!a.access_key_id.empty() && !a.region.empty() && !a.service.empty() &&
                     !a.signed_headers.empty(),
                 "an empty part in " << header);
  for (const auto& name : a.signed_headers)
    ULP_FUZZ_CHECK(!name.empty(), "an empty signed header name in " << header);

  const std::string again = canonical_form(a);
  std::string why_again;
  auto reparsed = sigv4::parse_authorization(again, &why_again);
  ULP_FUZZ_CHECK(reparsed && same(a, *reparsed),
                 "the canonical form of an accepted header reads differently: "
                     << again << (reparsed ? "" : " (" + why_again + ")"));
  return 0;
}
