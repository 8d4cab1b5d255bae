// One HTTP/1.1 connection from HttpTarget to an endpoint, over TCP or TLS. A request goes out
// with its body written from where it lies (a part is tens of megabytes); the answer is read by
// Boost.Beast's parser. Every wait is bounded by a timeout, and shutdown() from another thread
// ends one at once.
//
// By hand over sockets rather than through an HTTP client library: cpp-httplib, with the
// OpenSSL, zlib and brotli it loads, cost every ulp call about 7 ms before main() ran
// (measured), a quarter of the call.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/headers.hpp"
#include "core/tls_session.hpp"

namespace ulp {

struct ConnectionOptions {
  int connect_timeout_seconds = 60;    // for each address the host name has; 0: no limit
  int read_timeout_seconds = 60;       // for each wait to send or receive; 0: no limit
  TlsOptions tls;                      // for https
  std::size_t max_response_bytes = 0;  // a longer answer body is an error; 0: no limit
};

struct HttpAnswer {
  int status = 0;
  Headers headers;
  std::string body;
  std::string_view error;  // a transport error name (core/transport_errors.hpp); empty: none
  std::string detail;      // the reason, for a person
  bool too_long = false;   // with error: the body passed max_response_bytes
};

// The request line and header section of a request, with Content-Length added when the
// headers have neither it nor Transfer-Encoding and there is a body (or the method is one
// that carries one).
std::string request_head(std::string_view method, std::string_view target, const Headers& headers,
                         std::size_t body_size);

class HttpConnection {
 public:
  // Connects to host:port (host may be a bracketed IPv6 literal), with TLS when `tls`. On
  // failure nullptr, with answer-style `error` and `detail` set.
  static std::unique_ptr<HttpConnection> open(const std::string& host, const std::string& port,
                                              bool tls, const ConnectionOptions& options,
                                              std::string_view& error, std::string& detail);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Sends head and body and reads the answer (its body skipped for HEAD). After a transport
  // error the connection is not reusable.
  HttpAnswer exchange(std::string_view head, std::string_view body, bool head_request);
  // False once the endpoint has said it closes, or the connection failed.
  bool reusable() const { return reusable_; }
  // From any thread: a wait in exchange() ends, and the exchange fails.
  void shutdown();

 private:
  HttpConnection(int fd, ConnectionOptions options) : fd_(fd), options_(std::move(options)) {}
  bool wait(short events, int timeout_seconds);
  bool write_all(std::string_view bytes, bool more);
  long read_some(char* data, std::size_t size);  // > 0, 0 at the end, -1 failed
  void read_answer(HttpAnswer& answer, bool head_request);

  int fd_;
  ConnectionOptions options_;
  std::unique_ptr<TlsSession> tls_;
  bool reusable_ = true;
};

}  // namespace ulp
