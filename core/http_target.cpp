#include "core/http_target.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/request_signing.hpp"
#include "core/spec.hpp"

namespace ulp {

namespace {

struct Url {
  std::string scheme, host, port, path;
};

Url parse_url(const std::string& url) {
  Url u;
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos)
    throw std::invalid_argument("endpoint URL '" + url + "' has no scheme (http:// or https://)");
  u.scheme = url.substr(0, scheme_end);
  if (u.scheme != "http" && u.scheme != "https")
    throw std::invalid_argument("endpoint URL '" + url + "': the scheme must be http or https");
  std::string rest = url.substr(scheme_end + 3);
  auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  u.path = slash == std::string::npos ? "/" : rest.substr(slash);
  auto colon = authority.rfind(':');
  bool bracketed = authority.starts_with('[');
  if (colon != std::string::npos && (!bracketed || colon > authority.find(']'))) {
    u.host = authority.substr(0, colon);
    u.port = authority.substr(colon + 1);
  } else {
    u.host = authority;
  }
  if (u.host.empty()) throw std::invalid_argument("endpoint URL '" + url + "' has no host");
  if (!u.port.empty() && u.port.find_first_not_of("0123456789") != std::string::npos)
    throw std::invalid_argument("endpoint URL '" + url + "' has a bad port");
  return u;
}

}  // namespace

HttpTarget::HttpTarget(HttpTargetOptions options) : options_(std::move(options)) {
  Url u = parse_url(options_.endpoint_url);
  // The Host header is what gets signed, so it is set here rather than left to httplib.
  bool default_port = u.port.empty() || (u.scheme == "http" && u.port == "80") ||
                      (u.scheme == "https" && u.port == "443");
  host_header_ = default_port ? u.host : u.host + ":" + u.port;
  base_path_ = u.path;
  client_ = std::make_unique<httplib::Client>(u.scheme + "://" + u.host +
                                              (u.port.empty() ? "" : ":" + u.port));
  client_->set_keep_alive(true);
  // httplib writes headers and body apart; with Nagle's algorithm the body then waits for the
  // peer's delayed ACK (40 ms a request on Linux).
  client_->set_tcp_nodelay(true);
  client_->set_connection_timeout(options_.connect_timeout_seconds, 0);
  client_->set_read_timeout(options_.read_timeout_seconds, 0);
  client_->set_write_timeout(options_.read_timeout_seconds, 0);
  if (u.scheme == "https") {
    client_->enable_server_certificate_verification(options_.verify_tls);
    if (!options_.ca_bundle.empty()) client_->set_ca_cert_path(options_.ca_bundle);
  }
}

HttpTarget::~HttpTarget() = default;

Response HttpTarget::send(const Request& request) {
  httplib::Request req;
  req.method = request.method;
  req.path = base_path_ == "/" ? request.path : base_path_;
  // The body is written from where it is rather than copied into req.body (a part is tens of
  // megabytes): httplib sends a request's content provider when its body is empty, as its own
  // Post(path, headers, length, provider, type) does.
  if (!request.body.empty()) {
    req.content_length_ = request.body.size();
    req.content_provider_ = [&body = request.body](std::size_t offset, std::size_t length,
                                                   httplib::DataSink& sink) {
      return sink.write(body.data() + offset, std::min(length, body.size() - offset));
    };
  }
  req.headers = request.wire_headers();
  if (!req.has_header("Host")) req.headers.emplace("Host", host_header_);
  // A request that brings its own Authorization (a malformed-signature case) is sent as it is.
  if (options_.credentials && request.sign && !req.has_header("Authorization")) {
    sigv4::Scope scope{options_.region, Spec::get().protocol.signing_name, unix_now()};
    for (auto& [name, value] :
         signature_headers(request, host_header_, req.path, *options_.credentials, scope))
      req.headers.emplace(name, value);
  }
  Headers sent = req.headers;
  // With a limit, the answer is collected here so that an endless body is cut off.
  std::string body;
  bool too_long = false;
  if (options_.max_response_bytes > 0)
    req.content_receiver = [&](const char* data, size_t n, uint64_t, uint64_t) {
      too_long = body.size() + n > options_.max_response_bytes;
      if (!too_long) body.append(data, n);
      return !too_long;
    };
  std::lock_guard lock(mutex_);
  // httplib 0.11's client does not notice a kept-alive connection the server closed while it
  // was idle (httplib's own server does after 5 s): the next request on it would get no answer,
  // a fault of the client's, not the endpoint's. So a connection idle for a while is not reused.
  const auto now = std::chrono::steady_clock::now();
  if (now - last_answer_ > kIdleReuseLimit) client_->stop();
  auto result = client_->send(req);
  last_answer_ = std::chrono::steady_clock::now();
  if (!result) {
    Response r;
    r.transport_error = too_long ? "the answer is longer than " +
                                       std::to_string(options_.max_response_bytes) + " bytes"
                                 : httplib::to_string(result.error());
    r.sent_headers = std::move(sent);
    return r;
  }
  Response r = Response::decode(result->status, result->headers,
                                options_.max_response_bytes > 0 ? std::move(body) : result->body);
  r.sent_headers = std::move(sent);
  return r;
}

void HttpTarget::cancel() {
  // httplib's stop() only shuts the socket down while a request is in flight, which is safe
  // from another thread; the sending thread then sees a failed read or write.
  client_->stop();
}

}  // namespace ulp
