#include "core/http_connection.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cerrno>
#include <cstring>
#include <limits>
#include <optional>

#include "core/transport_errors.hpp"

namespace ulp {

namespace {

namespace http = boost::beast::http;

// An answer's header section may be this long: ECR's are a few hundred bytes, and a longer one
// is a malformed answer rather than a reason to hold memory.
constexpr std::uint32_t kHeaderLimit = 64 * 1024;
// Small: an answer is mostly a few hundred bytes, and every page of a read buffer is a page
// fault the first time (ulp is a new process for each call).
constexpr std::size_t kReadSize = 8 * 1024;

bool has(const Headers& headers, std::string_view name) {
  return headers.find(name) != headers.end();
}

std::string seconds(int n) {
  return std::to_string(n) + (n == 1 ? " second" : " seconds");
}

}  // namespace

std::string request_head(std::string_view method, std::string_view target, const Headers& headers,
                         std::size_t body_size) {
  std::string head;
  head.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
  for (const auto& [name, value] : headers) head.append(name).append(": ").append(value) += "\r\n";
  const bool carries_body =
      body_size > 0 || method == "POST" || method == "PUT" || method == "PATCH";
  if (carries_body && !has(headers, "Content-Length") && !has(headers, "Transfer-Encoding"))
    head.append("Content-Length: ").append(std::to_string(body_size)) += "\r\n";
  head += "\r\n";
  return head;
}

std::unique_ptr<HttpConnection> HttpConnection::open(const std::string& host,
                                                     const std::string& port, bool tls,
                                                     const ConnectionOptions& options,
                                                     std::string_view& error, std::string& detail) {
  const std::string name =
      host.starts_with('[') && host.ends_with(']') ? host.substr(1, host.size() - 2) : host;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  error = transport_error::kConnection;
  if (int e = getaddrinfo(name.c_str(), port.c_str(), &hints, &found); e != 0) {
    detail = gai_strerror(e);
    return nullptr;
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> addresses(found, freeaddrinfo);
  for (const addrinfo* a = found; a; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      detail = std::strerror(errno);
      continue;
    }
    std::unique_ptr<HttpConnection> c(new HttpConnection(fd, options));
    if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      if (errno != EINPROGRESS) {
        detail = std::strerror(errno);
        continue;
      }
      if (!c->wait(POLLOUT, options.connect_timeout_seconds)) {
        error = transport_error::kConnectionTimeout;
        detail = "no connection within " + seconds(options.connect_timeout_seconds);
        continue;
      }
      int e = 0;
      socklen_t length = sizeof e;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &length);
      if (e != 0) {
        error = transport_error::kConnection;
        detail = std::strerror(e);
        continue;
      }
    }
    // The head and a small body go out at once; without this the body would wait for the
    // peer's delayed ACK (40 ms a request on Linux).
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (tls) {
      c->tls_ = TlsSession::start(fd, name, options.tls, error, detail);
      if (!c->tls_) return nullptr;
      for (short want = 0; !c->tls_->handshake(want, error, detail);) {
        if (want == 0) return nullptr;
        if (!c->wait(want, options.connect_timeout_seconds)) {
          error = transport_error::kSslConnection;
          detail = "no TLS handshake within " + seconds(options.connect_timeout_seconds);
          return nullptr;
        }
      }
    }
    error = {};
    detail.clear();
    return c;
  }
  return nullptr;
}

HttpConnection::~HttpConnection() {
  tls_.reset();
  ::close(fd_);
}

void HttpConnection::shutdown() {
  ::shutdown(fd_, SHUT_RDWR);
}

bool HttpConnection::wait(short events, int timeout_seconds) {
  pollfd p{fd_, events, 0};
  const int ms = timeout_seconds > 0 ? timeout_seconds * 1000 : -1;
  int ready;
  while ((ready = ::poll(&p, 1, ms)) < 0 && errno == EINTR) {
  }
  return ready > 0;
}

bool HttpConnection::write_all(std::string_view bytes, bool more) {
  while (!bytes.empty()) {
    short want = POLLOUT;
    long n;
    if (tls_) {
      n = tls_->write(bytes.data(), bytes.size(), want);
    } else {
      n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL | (more ? MSG_MORE : 0));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) want = 0;
    }
    if (n > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (want == 0 || !wait(want, options_.read_timeout_seconds)) return false;
  }
  return true;
}

long HttpConnection::read_some(char* data, std::size_t size) {
  for (;;) {
    short want = POLLIN;
    long n;
    if (tls_) {
      n = tls_->read(data, size, want);
    } else {
      n = ::recv(fd_, data, size, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) want = 0;
    }
    if (n >= 0) return n;
    if (want == 0 || !wait(want, options_.read_timeout_seconds)) return -1;
  }
}

HttpAnswer HttpConnection::exchange(std::string_view head, std::string_view body,
                                    bool head_request) {
  HttpAnswer answer;
  // MSG_MORE keeps a small body in the head's packet.
  if (!write_all(head, !body.empty()) || !write_all(body, false)) {
    reusable_ = false;
    answer.error = transport_error::kWrite;
    answer.detail = "the connection failed or timed out while the request was being sent";
    return answer;
  }
  read_answer(answer, head_request);
  if (!answer.error.empty()) reusable_ = false;
  return answer;
}

void HttpConnection::read_answer(HttpAnswer& answer, bool head_request) {
  using Parser = http::response_parser<http::string_body>;
  std::optional<Parser> parser;
  // Known from the Content-Length before the body is read, or once the body grows past it.
  auto too_long = [max = options_.max_response_bytes](Parser& p) {
    if (max == 0 || !p.is_header_done()) return false;
    return p.content_length().value_or(0) > max || p.get().body().size() > max;
  };
  auto start = [&] {
    parser.emplace();
    parser->eager(true);
    parser->header_limit(kHeaderLimit);
    // max_response_bytes is checked below: Boost 1.74's own body limit lets a response's
    // Content-Length body past it, and refuses every one when there is no limit.
    parser->body_limit(std::numeric_limits<std::uint64_t>::max());
    parser->skip(head_request);
  };
  start();
  std::string buffer;
  std::size_t at = 0;  // buffer[at..] is not parsed yet
  boost::system::error_code ec;
  auto fail = [&](std::string_view error, std::string detail) {
    answer.error = error;
    answer.detail = std::move(detail);
  };
  for (;;) {
    if (at < buffer.size()) {
      const std::size_t used =
          parser->put(boost::asio::buffer(buffer.data() + at, buffer.size() - at), ec);
      at += used;
      if (too_long(*parser)) {
        answer.too_long = true;
        return fail(
            transport_error::kRead,
            "the answer is longer than " + std::to_string(options_.max_response_bytes) + " bytes");
      }
      if (ec && ec != http::error::need_more)
        return fail(transport_error::kMalformed, "the answer is not HTTP/1.1: " + ec.message());
      ec = {};
      if (parser->is_done()) {
        const int status = parser->get().result_int();
        if (status < 100 || status >= 200 || status == 101) break;
        start();  // an interim answer (100 Continue): the final one follows
        continue;
      }
      if (used > 0 && at < buffer.size()) continue;
    }
    buffer.erase(0, at);
    at = 0;
    const std::size_t had = buffer.size();
    buffer.resize(had + kReadSize);
    const long n = read_some(buffer.data() + had, kReadSize);
    buffer.resize(had + static_cast<std::size_t>(n > 0 ? n : 0));
    if (n < 0)
      return fail(transport_error::kRead,
                  "the connection failed or timed out before the whole answer came");
    if (n == 0) {
      // The end of the connection: the end of an answer without a length, or a dropped one.
      // (Beast would take the end of a connection that sent nothing as an empty 200.)
      if (parser->got_some()) parser->put_eof(ec);
      if (ec || !parser->got_some() || !parser->is_done())
        return fail(transport_error::kRead,
                    "the connection was closed before the whole answer came");
      reusable_ = false;
      break;
    }
  }
  auto& message = parser->get();
  answer.status = message.result_int();
  for (const auto& field : message)
    answer.headers.emplace(std::string(field.name_string()), std::string(field.value()));
  answer.body = std::move(message.body());
  // Bytes after the answer were not asked for: the connection is not trusted again.
  if (!message.keep_alive() || at < buffer.size()) reusable_ = false;
}

}  // namespace ulp
