#include "conformance/step_signing.hpp"

#include "conformance/repositories.hpp"
#include "core/request_signing.hpp"
#include "core/spoiled_signing.hpp"

namespace ulp::conformance {

void sign_step(const std::string& mode, Request& request, const std::string& host,
               const SigningContext& context) {
  if (!context.credentials)
    throw Unavailable("the step is signed '" + mode +
                      "', and this run sends no signatures (--no-sign-request)");
  if (mode == "session-token-dropped" && context.credentials->session_token.empty())
    throw Unavailable("the step drops the session token, and the credentials have none");
  sign_spoiled(mode, request, host, *context.credentials, context.region, unix_now());
}

}  // namespace ulp::conformance
