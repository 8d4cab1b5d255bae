#include "core/http_target.hpp"

#include <stdexcept>

#include "core/request_signing.hpp"
#include "core/spec.hpp"
#include "core/transport_errors.hpp"

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
  // The Host header is what gets signed, so it is set here rather than by the connection.
  bool default_port = u.port.empty() || (u.scheme == "http" && u.port == "80") ||
                      (u.scheme == "https" && u.port == "443");
  host_header_ = default_port ? u.host : u.host + ":" + u.port;
  base_path_ = u.path;
  host_ = u.host;
  tls_ = u.scheme == "https";
  port_ = !u.port.empty() ? u.port : tls_ ? "443" : "80";
  connection_options_.connect_timeout_seconds = options_.connect_timeout_seconds;
  connection_options_.read_timeout_seconds = options_.read_timeout_seconds;
  connection_options_.tls = {options_.verify_tls, options_.ca_bundle};
  connection_options_.max_response_bytes = options_.max_response_bytes;
}

HttpTarget::~HttpTarget() = default;

Response HttpTarget::send(const Request& request) {
  const std::string& path = base_path_ == "/" ? request.path : base_path_;
  Headers headers = request.wire_headers();
  if (headers.find("Host") == headers.end()) headers.emplace("Host", host_header_);
  // A request that brings its own Authorization (a malformed-signature case) is sent as it is.
  if (options_.credentials && request.sign && headers.find("Authorization") == headers.end()) {
    sigv4::Scope scope{options_.region, Spec::get().protocol.signing_name, unix_now()};
    for (auto& [name, value] :
         signature_headers(request, host_header_, path, *options_.credentials, scope))
      headers.emplace(name, value);
  }
  const std::string head = request_head(request.method, path, headers, request.body.size());
  auto no_answer = [&](std::string error, std::string detail) {
    Response r;
    r.transport_error = std::move(error);
    r.transport_detail = std::move(detail);
    r.sent_headers = std::move(headers);
    return r;
  };

  std::lock_guard lock(mutex_);
  // An endpoint may close a kept-alive connection while it is idle (httplib's server does
  // after 5 s), and a request sent just then gets no answer: a fault of the client's, not the
  // endpoint's. So a connection idle for a while is not reused.
  if (connection_ && (!connection_->reusable() ||
                      std::chrono::steady_clock::now() - last_answer_ > kIdleReuseLimit))
    connection_.reset();
  if (!connection_) {
    std::string_view error;
    std::string detail;
    connection_ = HttpConnection::open(host_, port_, tls_, connection_options_, error, detail);
    if (!connection_) return no_answer(std::string(error), std::move(detail));
  }
  {
    std::lock_guard in_flight(in_flight_mutex_);
    in_flight_ = connection_.get();
    canceled_ = false;
  }
  HttpAnswer answer = connection_->exchange(head, request.body, request.method == "HEAD");
  bool canceled;
  {
    std::lock_guard in_flight(in_flight_mutex_);
    in_flight_ = nullptr;
    canceled = canceled_;
  }
  last_answer_ = std::chrono::steady_clock::now();
  if (canceled) answer.error = transport_error::kCanceled;
  if (!answer.error.empty()) {
    connection_.reset();
    if (answer.too_long) return no_answer(answer.detail, {});
    return no_answer(std::string(answer.error), std::move(answer.detail));
  }
  Response r = Response::decode(answer.status, std::move(answer.headers), std::move(answer.body));
  r.sent_headers = std::move(headers);
  return r;
}

void HttpTarget::cancel() {
  std::lock_guard lock(in_flight_mutex_);
  if (!in_flight_) return;
  canceled_ = true;
  in_flight_->shutdown();
}

}  // namespace ulp
