// The reference server's request handler: one HTTP request in, one HTTP response out,
// with no socket. The HTTP server, the in-process Target and the fuzzers all call it.
//
//   ulp::reference::Handler handler(engine);
//   HttpResponse r = handler.handle({"POST", "/", headers, body});
#pragma once

#include <atomic>
#include <optional>
#include <string>

#include "core/target.hpp"
#include "core/validate.hpp"
#include "reference/engine.hpp"

namespace ulp::reference {

struct HttpRequest {
  std::string method = "POST";
  std::string path = "/";
  Headers headers;
  std::string body;
};

struct HttpResponse {
  int status = 200;
  Headers headers;
  std::string body;
};

class Authenticator;

class Handler {
 public:
  // With an authenticator, every request must be signed with one of its keys (else as before:
  // signed and unsigned requests are served, a malformed Authorization is refused).
  explicit Handler(Engine& engine, const Authenticator* authenticator = nullptr);

  HttpResponse handle(const HttpRequest& request);
  // The refusal of a request that fails authentication, nullopt when it passes (or when there
  // is no authenticator). handle() asks it; a server that streams the body asks it itself
  // with the body's SHA-256 once the body is in, before the part is taken.
  std::optional<HttpResponse> authenticate(std::string_view method, std::string_view target,
                                           const Headers& headers,
                                           const std::string& payload_sha256_hex);
  // The answer to a request the HTTP layer refused before the handler saw it
  // (413 for an oversize body, 400 for a malformed request line or header).
  HttpResponse refused_by_http_layer(int status);
  // The largest body worth reading: the largest part in base64 plus the other members.
  std::size_t max_body_bytes() const;

  Engine& engine() { return engine_; }

 private:
  HttpResponse dispatch(const std::string& operation, const nlohmann::json& body,
                        const Decoded& blobs);
  HttpResponse success(const nlohmann::json& body);
  HttpResponse failure(const Error& error);
  HttpResponse protocol_error(int status, const std::string& type, const std::string& detail);
  std::string request_id();

  Engine& engine_;
  const Authenticator* authenticator_;
  std::atomic<std::uint64_t> requests_{0};
};

}  // namespace ulp::reference
