// The names a Response's transport_error carries when no HTTP answer came (status 0). Reports,
// retries and ulp's messages match on them; they are the names cpp-httplib gives the same
// failures, which earlier reports carry.
#pragma once

#include <string_view>

namespace ulp::transport_error {

inline constexpr std::string_view kConnection = "Connection";  // refused, unreachable, reset
inline constexpr std::string_view kConnectionTimeout = "ConnectionTimeout";
inline constexpr std::string_view kRead = "Read";  // closed, failed or timed out before the answer
inline constexpr std::string_view kWrite = "Write";          // closed or failed while sending
inline constexpr std::string_view kMalformed = "Malformed";  // the answer is not HTTP/1.1
inline constexpr std::string_view kCanceled = "Canceled";    // HttpTarget::cancel()
inline constexpr std::string_view kSslConnection = "SSLConnection";  // the TLS handshake failed
inline constexpr std::string_view kSslLoadingCerts = "SSLLoadingCerts";
inline constexpr std::string_view kSslServerVerification = "SSLServerVerification";

}  // namespace ulp::transport_error
