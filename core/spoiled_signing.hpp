// Requests signed wrongly on purpose, each in one of the ways ECR must refuse
// (spec/protocol.json "authentication", "spoiledSigning": the rule each tests, and ECR's
// refusal): unsigned; wrong-secret; body-altered (signed with X-Amz-Content-Sha256 too, then
// a byte of layerPartBlob changed); header-altered (signed, then "; charset=utf-8" added to
// Content-Type); date-16-minutes-ago and -ahead; other-region; other-service; unknown-key (a
// made-up access key ID, the right secret); session-token-dropped. The bad credentials are
// derived from the good ones or made up. Every driver spoils through here.
//
//   ulp::sign_spoiled("wrong-secret", request, target.host_header(), credentials, "us-east-1");
//   target.send(request);  // sent as it is: request.sign is false
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/sigv4.hpp"
#include "core/target.hpp"

namespace ulp {

// The modes, by name (alphabetical, as the spec's map holds them).
std::vector<std::string> spoiled_signing_modes();

// Whether `mode` can spoil `request` with `credentials`: session-token-dropped needs a session
// token, body-altered a layerPartBlob of at least one byte.
bool can_spoil(const std::string& mode, const Request& request,
               const sigv4::Credentials& credentials);

// Signs `request` for `host` with core's signer as `mode` says, and marks it not to be signed
// again. Throws std::invalid_argument for an unknown mode or one that cannot spoil it.
void sign_spoiled(const std::string& mode, Request& request, const std::string& host,
                  const sigv4::Credentials& credentials, const std::string& region,
                  std::int64_t unix_time);

}  // namespace ulp
