#include "conformance/step_signing.hpp"

#include <stdexcept>

#include "conformance/repositories.hpp"
#include "core/request_signing.hpp"
#include "core/sha256.hpp"
#include "core/spec.hpp"

namespace ulp::conformance {

namespace {

constexpr std::int64_t kShiftSeconds = 16 * 60;  // beyond ECR's 15 minutes of allowed skew

// A byte of the part changed, the JSON left valid: a server that does not hash the body it
// got would take the part.
void alter_blob(std::string& body) {
  const std::string member = "\"layerPartBlob\":\"";
  std::size_t at = body.find(member);
  if (at == std::string::npos || at + member.size() >= body.size() ||
      body[at + member.size()] == '"')
    throw std::invalid_argument("signing body-altered needs a request with a layerPartBlob");
  char& c = body[at + member.size()];
  c = c == 'A' ? 'B' : 'A';
}

}  // namespace

void sign_step(const std::string& mode, Request& request, const std::string& host,
               const SigningContext& context) {
  if (!context.credentials)
    throw Unavailable("the step is signed '" + mode +
                      "', and this run sends no signatures (--no-sign-request)");
  request.sign = false;
  if (mode == "unsigned") return;

  sigv4::Credentials credentials = *context.credentials;
  sigv4::Scope scope{context.region, Spec::get().protocol.signing_name, unix_now()};
  if (mode == "wrong-secret") {
    credentials.secret_access_key += "x";
  } else if (mode == "date-16-minutes-ago") {
    scope.unix_time -= kShiftSeconds;
  } else if (mode == "date-16-minutes-ahead") {
    scope.unix_time += kShiftSeconds;
  } else if (mode == "other-region") {
    scope.region = context.region == "us-west-2" ? "eu-west-1" : "us-west-2";
  } else if (mode == "other-service") {
    scope.service = scope.service == "sts" ? "s3" : "sts";
  } else if (mode == "unknown-key") {
    credentials.access_key_id = "AKIAIOSFODNN7EXAMPLE";  // AWS's documented example key
  } else if (mode == "session-token-dropped") {
    if (credentials.session_token.empty())
      throw Unavailable("the step drops the session token, and the credentials have none");
    credentials.session_token.clear();
  } else if (mode == "body-altered") {
    // Signed as an S3 client signs, with the payload's hash in a header too.
    request.headers.emplace("X-Amz-Content-Sha256", Sha256::hex_of(request.body));
  } else if (mode != "header-altered") {
    throw std::invalid_argument("unknown signing mode '" + mode + "'");
  }

  if (request.headers.find("Host") == request.headers.end()) request.headers.emplace("Host", host);
  for (auto& [name, value] : signature_headers(request, host, request.path, credentials, scope))
    request.headers.emplace(name, value);

  if (mode == "body-altered") alter_blob(request.body);
  if (mode == "header-altered") {
    const Headers sent = request.wire_headers();
    const std::string type = sent.find("Content-Type")->second + "; charset=utf-8";
    request.headers.erase("Content-Type");
    request.headers.emplace("Content-Type", type);
  }
}

}  // namespace ulp::conformance
