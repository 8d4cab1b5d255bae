// HTTP/1.1 requests as bytes: written from a Target Request (seeds of the raw-HTTP and SigV4
// targets), and read back loosely (the SigV4 target turns any bytes into a message to sign).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/target.hpp"

namespace ulp::fuzz {

// "POST / HTTP/1.1\r\nHost: ...\r\n<wire headers>\r\nContent-Length: n\r\n\r\n<body>".
std::string to_wire(const Request& request, const std::string& host = "127.0.0.1");

struct WireMessage {
  std::string method, path, query;  // the request target split at its first '?'
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// Never fails: whatever is missing comes out empty. Lines end in "\n" or "\r\n"; a header
// line without ':' is a name with an empty value; the body is everything after the first
// empty line.
WireMessage read_wire_loosely(std::string_view bytes);

}  // namespace ulp::fuzz
