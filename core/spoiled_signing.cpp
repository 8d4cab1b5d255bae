#include "core/spoiled_signing.hpp"

#include <stdexcept>

#include "core/request_signing.hpp"
#include "core/sha256.hpp"
#include "core/spec.hpp"

namespace ulp {

namespace {

// Beyond ECR's 15 minutes of allowed skew (spec: maxSkewSeconds), by a minute.
std::int64_t shift_seconds() {
  return Spec::get().protocol.authentication.max_skew_seconds + 60;
}

const std::string kBlobMember = "\"layerPartBlob\":\"";

// Where the first character of a non-empty layerPartBlob is, or npos.
std::size_t blob_start(const std::string& body) {
  const std::size_t at = body.find(kBlobMember);
  if (at == std::string::npos) return at;
  const std::size_t first = at + kBlobMember.size();
  return first < body.size() && body[first] != '"' ? first : std::string::npos;
}

}  // namespace

std::vector<std::string> spoiled_signing_modes() {
  std::vector<std::string> out;
  for (const auto& [mode, spoiling] : Spec::get().protocol.authentication.spoilings)
    out.push_back(mode);
  return out;
}

bool can_spoil(const std::string& mode, const Request& request,
               const sigv4::Credentials& credentials) {
  if (!Spec::get().protocol.authentication.spoilings.count(mode)) return false;
  if (mode == "session-token-dropped") return !credentials.session_token.empty();
  if (mode == "body-altered") return blob_start(request.body) != std::string::npos;
  return true;
}

void sign_spoiled(const std::string& mode, Request& request, const std::string& host,
                  const sigv4::Credentials& good, const std::string& region,
                  std::int64_t unix_time) {
  if (!can_spoil(mode, request, good))
    throw std::invalid_argument("signing '" + mode + "' cannot spoil this request" +
                                (Spec::get().protocol.authentication.spoilings.count(mode)
                                     ? " (it needs a session token, or a layerPartBlob)"
                                     : ": no such mode"));
  request.sign = false;
  if (mode == "unsigned") return;

  sigv4::Credentials credentials = good;
  sigv4::Scope scope{region, Spec::get().protocol.signing_name, unix_time};
  if (mode == "wrong-secret") {
    credentials.secret_access_key += "x";
  } else if (mode == "date-16-minutes-ago") {
    scope.unix_time -= shift_seconds();
  } else if (mode == "date-16-minutes-ahead") {
    scope.unix_time += shift_seconds();
  } else if (mode == "other-region") {
    scope.region = region == "us-west-2" ? "eu-west-1" : "us-west-2";
  } else if (mode == "other-service") {
    scope.service = scope.service == "sts" ? "s3" : "sts";
  } else if (mode == "unknown-key") {
    credentials.access_key_id = "AKIAIOSFODNN7EXAMPLE";  // AWS's documented example key
  } else if (mode == "session-token-dropped") {
    credentials.session_token.clear();
  } else if (mode == "body-altered") {
    // Signed as an S3 client signs, with the payload's hash in a header too: a server that
    // trusts that header instead of hashing the body it got takes the altered part.
    request.headers.emplace("X-Amz-Content-Sha256", Sha256::hex_of(request.body));
  }

  if (request.headers.find("Host") == request.headers.end()) request.headers.emplace("Host", host);
  for (auto& [name, value] : signature_headers(request, host, request.path, credentials, scope))
    request.headers.emplace(name, value);

  if (mode == "body-altered") {
    // A byte of the part changed, the JSON left valid.
    char& c = request.body[blob_start(request.body)];
    c = c == 'A' ? 'B' : 'A';
  } else if (mode == "header-altered") {
    const Headers sent = request.wire_headers();
    const std::string type = sent.find("Content-Type")->second + "; charset=utf-8";
    request.headers.erase("Content-Type");
    request.headers.emplace("Content-Type", type);
  }
}

}  // namespace ulp
