// A Target over HTTP(S): any ECR-compatible endpoint, SigV4-signed (service "ecr") or unsigned.
//
//   ulp::HttpTargetOptions options;
//   options.endpoint_url = "http://127.0.0.1:5000";
//   options.credentials = creds;  // from ulp::aws_config::resolve_credentials
//   ulp::HttpTarget target(options);
//   ulp::Response r = target.send(ulp::Request::of("InitiateLayerUpload", body));
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/http_connection.hpp"
#include "core/sigv4.hpp"
#include "core/target.hpp"

namespace ulp {

struct HttpTargetOptions {
  std::string endpoint_url;                       // http://host:port or https://host[:port]
  std::string region = "us-east-1";               //
  std::optional<sigv4::Credentials> credentials;  // none: unsigned (--no-sign-request)
  int connect_timeout_seconds = 60;               // 0: wait as long as it takes
  int read_timeout_seconds = 60;                  //
  bool verify_tls = true;                         // false: --no-verify-ssl
  std::string ca_bundle;                          // --ca-bundle
  std::size_t max_response_bytes = 0;  // 0: no limit; a longer answer is a transport error
};

class HttpTarget : public Target {
 public:
  explicit HttpTarget(HttpTargetOptions options);  // throws std::invalid_argument on a bad URL
  ~HttpTarget() override;

  Response send(const Request& request) override;  // thread-safe; the connection is reused
  // Aborts the request in flight, if any, from any thread: it ends with the transport error
  // "Canceled". A hostile endpoint can trickle an answer past every socket timeout; this
  // cannot be.
  void cancel();
  std::string describe() const override { return options_.endpoint_url; }
  std::string host_header() const override { return host_header_; }

 private:
  HttpTargetOptions options_;
  ConnectionOptions connection_options_;
  std::string host_, port_, host_header_, base_path_;
  bool tls_ = false;
  std::mutex mutex_;  // one request at a time
  std::unique_ptr<HttpConnection> connection_;
  // When the last answer came: a connection idle for longer is opened anew.
  static constexpr std::chrono::seconds kIdleReuseLimit{2};
  std::chrono::steady_clock::time_point last_answer_{};
  std::mutex in_flight_mutex_;  // guards the two below, for cancel()
  HttpConnection* in_flight_ = nullptr;
  bool canceled_ = false;
};

}  // namespace ulp
