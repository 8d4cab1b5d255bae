// The Target: where the drivers send operations. Conformance cases, properties and fuzzers
// call a Target and never speak HTTP themselves.
//
//   ulp::Response r = target.send(ulp::Request::of("UploadLayerPart", body));
//   if (r.error_type == "InvalidLayerPartException") ...
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/headers.hpp"

namespace ulp {

struct Request {
  std::string operation;                  // X-Amz-Target is <targetPrefix>.<operation>
  std::string body;                       // the bytes sent
  Headers headers;                        // added, replacing the defaults of the same name
  std::vector<std::string> omit_headers;  // defaults left out (malformed-request cases)
  std::string method = "POST";
  std::string path = "/";
  // false: sent as it is, never signed by the target (an unsigned-request case, or one whose
  // signature the caller made: core/request_signing.hpp).
  bool sign = true;
  // Errors the caller expects as this request's answer: never retried, even when they are
  // throttling codes (core/retrying_target.hpp).
  std::vector<std::string> graded_errors;

  static Request of(std::string operation, const nlohmann::json& body);
  // The headers on the wire (Content-Type, X-Amz-Target, then `headers`), before signing.
  Headers wire_headers() const;
};

struct Response {
  int status = 0;  // 0: no HTTP answer, see transport_error
  Headers headers;
  std::string body;
  std::optional<nlohmann::json> json;  // when the body parses as JSON
  std::string error_type;              // namespace stripped; empty when none is named
  std::string transport_error;         // connection refused, timeout, dropped, ...: a name from
                                       // core/transport_errors.hpp, or why the answer was refused
  std::string transport_detail;        // the reason behind transport_error, for a person
  Headers sent_headers;  // the request's headers as sent, signature included (HttpTarget)
  int attempts = 1;      // sends it took (RetryingTarget); this is the last one's answer

  bool ok() const { return status >= 200 && status < 300; }
  std::string header(const std::string& name) const;  // "" when absent
  // Fills json and error_type from status, headers and body.
  static Response decode(int status, Headers headers, std::string body);
};

class Target {
 public:
  virtual ~Target() = default;
  virtual Response send(const Request& request) = 0;
  virtual std::string describe() const = 0;  // "reference (in process)", "http://127.0.0.1:5000"
  // The Host header its requests carry, which a signature covers.
  virtual std::string host_header() const { return "localhost"; }
};

}  // namespace ulp
