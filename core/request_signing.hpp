// Signing a Target's Request with SigV4: the one place that turns a Request, as it will go on
// the wire to a host, into the message core/sigv4.hpp signs. HttpTarget, the in-process target
// and the conformance runner's signing modes all sign through here.
//
//   for (auto& [name, value] : ulp::signature_headers(request, target.host_header(),
//                                                     request.path, credentials, scope))
//     request.headers.emplace(name, value);
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/sigv4.hpp"
#include "core/target.hpp"

namespace ulp {

// The headers that sign the request (X-Amz-Date, X-Amz-Security-Token with a session token,
// Authorization) of the request sent to `path` (with its query) on `host`. Every header of
// request.wire_headers() is signed, and Host (the request's own, else `host`).
std::vector<std::pair<std::string, std::string>> signature_headers(
    const Request& request, const std::string& host, const std::string& path,
    const sigv4::Credentials& credentials, const sigv4::Scope& scope);

// The current time in seconds since the epoch, for a signature made now.
std::int64_t unix_now();

}  // namespace ulp
