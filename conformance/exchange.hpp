// One request and its answer as they went over the wire, made fit for a report: secrets
// masked (the Authorization signature, X-Amz-Security-Token), blobs abbreviated, any bytes
// turned into valid UTF-8 text.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/target.hpp"

namespace ulp::conformance {

struct Exchange {
  int step = 0;  // 1-based step of the case; 0 for the runner's own (repositories)
  std::string operation, method, path;
  std::vector<std::pair<std::string, std::string>> request_headers;
  std::string request_body;
  int status = 0;  // 0: no answer
  std::vector<std::pair<std::string, std::string>> response_headers;
  std::string response_body;
  std::string transport_error;
  double seconds = 0;

  // As an HTTP transcript: "POST / ...headers...\n\nbody\n\nHTTP 400 ...".
  std::string text() const;
};

Exchange record_exchange(int step, const Request& request, const Response& response,
                         double seconds);

// "AWS4-HMAC-SHA256 Credential=AKIA.../..., SignedHeaders=..., Signature=****".
std::string mask_header(const std::string& name, const std::string& value);

// Runs of base64-like text longer than `keep` shortened to their start and their length; then
// the whole cut to `max`; invalid UTF-8 bytes written as \xNN.
std::string abbreviate_body(const std::string& body, std::size_t max = 4096);

// The terse transport error names ("Read", core/transport_errors.hpp) as a person understands
// them, the name kept.
std::string explain_transport_error(const std::string& error);

// Valid UTF-8 (other bytes as \xNN), for reports that must be text.
std::string printable(const std::string& bytes);

}  // namespace ulp::conformance
