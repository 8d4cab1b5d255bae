// The reference server's request handler: one HTTP request in, one HTTP response out,
// with no socket. The HTTP server, the in-process Target and the fuzzers all call it.
//
//   ulp::reference::Handler handler(engine);
//   HttpResponse r = handler.handle({"POST", "/", headers, body});
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/rate_limiter.hpp"
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

// What a body handled as it arrived (PartStream) leaves besides its copy in HttpRequest::body.
struct Streamed {
  std::size_t body_size = 0;         // the body's size as it came
  const StagedPart* blob = nullptr;  // layerPartBlob's bytes, when staged (its text left out)
  std::string payload_sha256;        // hex SHA-256 of the body as it came, for SigV4 (signed only)
};

struct HttpResponse {
  int status = 200;
  Headers headers;
  std::string body;
};

class Authenticator;
class PartStream;

class Handler {
 public:
  // With an authenticator, every request must be signed with one of its keys (else as before:
  // signed and unsigned requests are served, a malformed Authorization is refused).
  explicit Handler(Engine& engine, const Authenticator* authenticator = nullptr);
  ~Handler();

  HttpResponse handle(const HttpRequest& request);
  // As handle(), for a body handled as it arrived (see PartStream).
  HttpResponse handle(const HttpRequest& request, const Streamed& streamed);
  // A request to be fed its body as it arrives (UploadLayerPart in AWS JSON), given its
  // method, path and headers; nullptr when handle() takes it whole.
  std::unique_ptr<PartStream> stream(const HttpRequest& head);
  // Whether signatures are verified, and so whether a streamed body's SHA-256 is needed.
  bool authenticates() const { return authenticator_ != nullptr; }
  // The refusal of a request that fails authentication, nullopt when it passes (or when there
  // is no authenticator). handle() asks it, with the SHA-256 of the body as it came (a
  // streamed body's from Streamed::payload_sha256), before the engine sees the request.
  std::optional<HttpResponse> authenticate(std::string_view method, std::string_view target,
                                           const Headers& headers,
                                           const std::string& payload_sha256_hex);
  // The answer to a request the HTTP layer refused before the handler saw it
  // (413 for an oversize body, 400 for a malformed request line or header).
  HttpResponse refused_by_http_layer(int status);
  // The largest body worth reading: the largest part in base64 plus the other members.
  std::size_t max_body_bytes() const;

  Engine& engine() { return engine_; }
  // Answers a call beyond its operation's rate as ECR does (400 ThrottlingException, "Rate
  // exceeded"), changing nothing: ulp-reference-server --rates. Call before serving.
  void throttle(const std::map<std::string, double>& requests_per_second);

 private:
  HttpResponse dispatch(const std::string& operation, const nlohmann::json& body,
                        const Decoded& blobs, const StagedPart* staged_blob);
  HttpResponse success(const nlohmann::json& body);
  HttpResponse failure(const Error& error);
  HttpResponse protocol_error(int status, const std::string& type, const std::string& detail);
  std::string request_id();

  Engine& engine_;
  const Authenticator* authenticator_;
  std::atomic<std::uint64_t> requests_{0};
  std::unique_ptr<RateLimiter> rates_;
};

}  // namespace ulp::reference
