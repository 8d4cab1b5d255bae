// A step's signing mode (the fixture's "signing"): the request is signed here, with core's
// signer and the run's credentials, then spoiled as the mode says, and sent as it is.
// The bad credentials are derived from the good ones (a wrong secret, no session token) or
// made up (an unknown key ID, another region or service).
#pragma once

#include <optional>
#include <string>

#include "core/sigv4.hpp"
#include "core/target.hpp"

namespace ulp::conformance {

struct SigningContext {
  std::optional<sigv4::Credentials> credentials;  // none: --no-sign-request
  std::string region;
};

// Signs `request` for `host` as `mode` says, and marks it not to be signed again. Throws
// Unavailable (the case is SKIP) when the run has no credentials or, for
// session-token-dropped, credentials without a session token; std::invalid_argument for an
// unknown mode or a body-altered request without a layerPartBlob.
void sign_step(const std::string& mode, Request& request, const std::string& host,
               const SigningContext& context);

}  // namespace ulp::conformance
