#include "core/request_signing.hpp"

#include <chrono>

namespace ulp {

std::vector<std::pair<std::string, std::string>> signature_headers(
    const Request& request, const std::string& host, const std::string& path,
    const sigv4::Credentials& credentials, const sigv4::Scope& scope) {
  sigv4::HttpMessage message;
  message.method = request.method;
  const std::size_t question = path.find('?');
  message.path = path.substr(0, question);
  if (question != std::string::npos) message.query = path.substr(question + 1);
  const Headers headers = request.wire_headers();
  for (const auto& [name, value] : headers) message.headers.emplace_back(name, value);
  if (headers.find("Host") == headers.end()) message.headers.emplace_back("Host", host);
  message.body = request.body;
  return sigv4::sign(message, credentials, scope);
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace ulp
