#include "core/tls_session.hpp"

#include <dlfcn.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>

#include <climits>
#include <map>
#include <mutex>
#include <utility>

#include "core/transport_errors.hpp"

namespace ulp {

namespace {

// The libssl functions a client session calls, looked up by name when the library is loaded.
// Their types are taken from OpenSSL's own declarations, so a mismatch does not compile.
// clang-format off
#define ULP_LIBSSL_FUNCTIONS(X) \
  X(TLS_client_method) X(SSL_CTX_new) X(SSL_CTX_set_options) X(SSL_CTX_set_verify) \
  X(SSL_CTX_set_default_verify_paths) X(SSL_CTX_load_verify_locations) X(SSL_new) \
  X(SSL_free) X(SSL_set_fd) X(SSL_ctrl) X(SSL_set1_host) X(SSL_connect) \
  X(SSL_read) X(SSL_write) X(SSL_get_error) X(SSL_get_verify_result) X(SSL_shutdown) \
  X(ERR_get_error) X(ERR_clear_error) X(ERR_error_string_n) X(X509_verify_cert_error_string)
// clang-format on

struct LibSsl {
#define ULP_DECLARE(name) decltype(&::name) name = nullptr;
  ULP_LIBSSL_FUNCTIONS(ULP_DECLARE)
#undef ULP_DECLARE
  std::string failure;  // why it could not be loaded; empty when it was
};

const LibSsl& libssl() {
  static const LibSsl lib = [] {
    LibSsl l;
    void* handle = dlopen(ULP_LIBSSL_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      l.failure = dlerror();
      return l;
    }
#define ULP_LOOK_UP(name)                                             \
  l.name = reinterpret_cast<decltype(&::name)>(dlsym(handle, #name)); \
  if (!l.name) {                                                      \
    l.failure = std::string(ULP_LIBSSL_SONAME) + " has no " #name;    \
    return l;                                                         \
  }
    ULP_LIBSSL_FUNCTIONS(ULP_LOOK_UP)
#undef ULP_LOOK_UP
    return l;
  }();
  return lib;
}

std::string openssl_reason(const LibSsl& lib) {
  char text[256] = "no reason given";
  if (unsigned long e = lib.ERR_get_error()) lib.ERR_error_string_n(e, text, sizeof text);
  return text;
}

// One context for each way of verifying, kept for the process's life: loading the system's
// CA certificates takes milliseconds, once per connection would be too often.
SSL_CTX* context(const LibSsl& lib, const TlsOptions& options, std::string_view& error,
                 std::string& detail) {
  static std::mutex mutex;
  static std::map<std::pair<bool, std::string>, SSL_CTX*> contexts;
  std::lock_guard lock(mutex);
  auto key = std::pair{options.verify, options.ca_bundle};
  if (auto it = contexts.find(key); it != contexts.end()) return it->second;
  SSL_CTX* ctx = lib.SSL_CTX_new(lib.TLS_client_method());
  if (!ctx) {
    error = transport_error::kSslConnection;
    detail = openssl_reason(lib);
    return nullptr;
  }
  // Many servers end a read-until-close answer without TLS's close_notify.
  lib.SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
  lib.SSL_CTX_set_verify(ctx, options.verify ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, nullptr);
  if (options.verify) {
    const bool loaded =
        options.ca_bundle.empty()
            ? lib.SSL_CTX_set_default_verify_paths(ctx) == 1
            : lib.SSL_CTX_load_verify_locations(ctx, options.ca_bundle.c_str(), nullptr) == 1;
    if (!loaded) {
      error = transport_error::kSslLoadingCerts;
      detail = openssl_reason(lib);
      return nullptr;  // not kept: the file may be fixed, and a failed context is small
    }
  }
  return contexts[key] = ctx;
}

bool is_ip_literal(const std::string& host) {
  return host.find(':') != std::string::npos ||
         host.find_first_not_of("0123456789.") == std::string::npos;
}

// What an SSL call's failure means for the caller's poll(): the event to wait for, or 0.
short wait_after(int ssl_error) {
  switch (ssl_error) {
    case SSL_ERROR_WANT_READ:
      return POLLIN;
    case SSL_ERROR_WANT_WRITE:
      return POLLOUT;
    default:
      return 0;
  }
}

// OpenSSL writes to the socket with write(2), which raises SIGPIPE when the peer has gone and
// would end the process. While one is alive, SIGPIPE is held back on this thread, and one that
// was raised is taken off the queue: a closed connection is then only a failed call.
class SigpipeHeld {
 public:
  SigpipeHeld() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &before_);
    was_pending_ = pending();
  }
  ~SigpipeHeld() {
    if (!was_pending_ && pending()) {
      const timespec now{};
      sigtimedwait(&pipe_, nullptr, &now);
    }
    pthread_sigmask(SIG_SETMASK, &before_, nullptr);
  }
  SigpipeHeld(const SigpipeHeld&) = delete;
  SigpipeHeld& operator=(const SigpipeHeld&) = delete;

 private:
  bool pending() const {
    sigset_t now;
    sigpending(&now);
    return sigismember(&now, SIGPIPE) == 1;
  }
  sigset_t pipe_, before_;
  bool was_pending_ = false;
};

int clamp(std::size_t size) {
  return size > INT_MAX ? INT_MAX : static_cast<int>(size);
}

}  // namespace

std::unique_ptr<TlsSession> TlsSession::start(int fd, const std::string& host,
                                              const TlsOptions& options, std::string_view& error,
                                              std::string& detail) {
  const LibSsl& lib = libssl();
  if (!lib.failure.empty()) {
    error = transport_error::kSslConnection;
    detail = "TLS is not available: " + lib.failure;
    return nullptr;
  }
  SSL_CTX* ctx = context(lib, options, error, detail);
  if (!ctx) return nullptr;
  ssl_st* ssl = lib.SSL_new(ctx);
  if (!ssl || lib.SSL_set_fd(ssl, fd) != 1 ||
      (options.verify && lib.SSL_set1_host(ssl, host.c_str()) != 1)) {
    if (ssl) lib.SSL_free(ssl);
    error = transport_error::kSslConnection;
    detail = openssl_reason(lib);
    return nullptr;
  }
  // Server Name Indication, which RFC 6066 allows for host names only. (SSL_set_tlsext_host_name
  // is a macro over SSL_ctrl.)
  if (!is_ip_literal(host))
    lib.SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 const_cast<char*>(host.c_str()));
  return std::unique_ptr<TlsSession>(new TlsSession(ssl));
}

TlsSession::~TlsSession() {
  const SigpipeHeld held;
  const LibSsl& lib = libssl();
  lib.SSL_shutdown(ssl_);  // close_notify, if the socket takes it now; not waited for
  lib.SSL_free(ssl_);
}

bool TlsSession::handshake(short& wait, std::string_view& error, std::string& detail) {
  const SigpipeHeld held;
  const LibSsl& lib = libssl();
  lib.ERR_clear_error();
  const int result = lib.SSL_connect(ssl_);
  if (result == 1) return true;
  wait = wait_after(lib.SSL_get_error(ssl_, result));
  if (wait != 0) return false;
  const long verified = lib.SSL_get_verify_result(ssl_);
  if (verified != X509_V_OK) {
    error = transport_error::kSslServerVerification;
    detail = lib.X509_verify_cert_error_string(verified);
  } else {
    error = transport_error::kSslConnection;
    detail = openssl_reason(lib);
  }
  return false;
}

long TlsSession::read(char* data, std::size_t size, short& wait) {
  const SigpipeHeld held;  // a read may write (a key update)
  const LibSsl& lib = libssl();
  lib.ERR_clear_error();
  const int n = lib.SSL_read(ssl_, data, clamp(size));
  if (n > 0) return n;
  const int e = lib.SSL_get_error(ssl_, n);
  if (e == SSL_ERROR_ZERO_RETURN) return 0;
  wait = wait_after(e);
  return -1;
}

long TlsSession::write(const char* data, std::size_t size, short& wait) {
  const SigpipeHeld held;
  const LibSsl& lib = libssl();
  lib.ERR_clear_error();
  const int n = lib.SSL_write(ssl_, data, clamp(size));
  if (n > 0) return n;
  wait = wait_after(lib.SSL_get_error(ssl_, n));
  return -1;
}

}  // namespace ulp
