// TLS for https endpoints, by OpenSSL's libssl, loaded the first time an https connection
// opens. Linked, libssl and libcrypto cost every ulp call 3.5 ms before main() runs
// (measured: a C++ program that links them starts in 7.4 ms, one that does not in 3.9 ms),
// and a registry under test is mostly plain http on loopback.
#pragma once

#include <memory>
#include <string>
#include <string_view>

struct ssl_st;

namespace ulp {

struct TlsOptions {
  bool verify = true;     // the certificate chain and the host name
  std::string ca_bundle;  // PEM file of trusted CAs; empty: the system's
};

class TlsSession {
 public:
  // A client session of `host` over `fd` (connected, non-blocking), before its handshake.
  // nullptr when libssl cannot be loaded or the CA bundle read, with `error` set to a
  // transport error name (core/transport_errors.hpp) and `detail` to the reason.
  static std::unique_ptr<TlsSession> start(int fd, const std::string& host,
                                           const TlsOptions& options, std::string_view& error,
                                           std::string& detail);
  ~TlsSession();

  // One step of the handshake: true when it is done; false with `wait` set to the poll()
  // event to wait for before the next step, or with wait 0, `error` and `detail` set when it
  // failed.
  bool handshake(short& wait, std::string_view& error, std::string& detail);
  TlsSession(const TlsSession&) = delete;
  TlsSession& operator=(const TlsSession&) = delete;

  // As recv() and send() on a non-blocking socket: the bytes moved, 0 when the peer closed,
  // or -1 with `wait` set to the poll() event to wait for before calling again (-1 with
  // wait 0: the connection failed).
  long read(char* data, std::size_t size, short& wait);
  long write(const char* data, std::size_t size, short& wait);

 private:
  explicit TlsSession(ssl_st* ssl) : ssl_(ssl) {}
  ssl_st* ssl_;
};

}  // namespace ulp
