// One AWS JSON 1.1 call as botocore makes it for the aws CLI: signed (or not), retried in
// its "standard" mode (3 attempts; 5xx, throttling and connection errors; jittered
// exponential backoff), and failures turned into the CLI's messages and exit codes.
//
//   ServiceClient client(settings);
//   nlohmann::ordered_json out = client.call("UploadLayerPart", body);  // throws CliError
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/http_target.hpp"
#include "tools/ulp/cli_error.hpp"

namespace ulp::cli {

struct ClientSettings {
  std::string endpoint_url, region;
  std::optional<sigv4::Credentials> credentials;
  int connect_timeout_seconds = 60, read_timeout_seconds = 60;
  bool verify_tls = true;
  std::string ca_bundle;
  int max_attempts = 3;
};

class Session;
// The settings a call takes from the session: the endpoint for `region`, credentials, timeouts
// (--cli-connect-timeout, --cli-read-timeout), TLS (--no-verify-ssl, --ca-bundle), attempts.
ClientSettings client_settings(const Session& session, const std::string& region);

// "An error occurred (Code) when calling the Op operation: message", exit 254, with
// " (reached max retries: N)" after "operation" when retries >= 0. Carries the
// parsed error body, so that push-layer can read lastValidByteReceived.
class ServiceError : public CliError {
 public:
  ServiceError(std::string code, std::string message, std::string operation, int retries,
               nlohmann::ordered_json body);
  const std::string& code() const { return code_; }
  const nlohmann::ordered_json& body() const { return body_; }

 private:
  std::string code_;
  nlohmann::ordered_json body_;
};

// A failure to get an answer at all (connection refused, timeouts), exit 255.
class TransportError : public CliError {
 public:
  explicit TransportError(const std::string& message) : CliError(kOther, message) {}
};

class ServiceClient {
 public:
  explicit ServiceClient(ClientSettings settings);
  ~ServiceClient();

  // The response body (an object; {} when the body is empty or not JSON).
  nlohmann::ordered_json call(const std::string& operation, std::string body);

  // Told of each retry a call is about to make: the error code ("" when no answer came) and
  // the wait before it. A retry that works is otherwise unseen, and push-layer says when it
  // rode out a lost connection.
  using RetryObserver = std::function<void(const std::string& code, double wait_seconds)>;
  void observe_retries(RetryObserver observer) { observer_ = std::move(observer); }

 private:
  ClientSettings settings_;
  RetryObserver observer_;
  std::unique_ptr<HttpTarget> target_;
};

}  // namespace ulp::cli
