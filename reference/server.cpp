#include "reference/server.hpp"

#include <httplib.h>
#include <strings.h>

namespace ulp::reference {

namespace {
void copy_out(const HttpResponse& from, httplib::Response& to) {
  to.status = from.status;
  std::string content_type;
  for (const auto& [name, value] : from.headers) {
    if (strcasecmp(name.c_str(), "Content-Type") == 0)
      content_type = value;
    else
      to.set_header(name, value);
  }
  to.set_content(from.body, content_type);
}
}  // namespace

Server::Server(Handler& handler) : handler_(handler), http_(std::make_unique<httplib::Server>()) {
  auto route = [this](const httplib::Request& req, httplib::Response& res) {
    HttpRequest request{req.method, req.target, req.headers, req.body};
    copy_out(handler_.handle(request), res);
  };
  // Every method and path reaches the handler, which answers each with an AWS error.
  http_->Post(".*", route);
  http_->Get(".*", route);
  http_->Put(".*", route);
  http_->Patch(".*", route);
  http_->Delete(".*", route);
  http_->Options(".*", route);
  // The body is refused unread when it cannot be a valid request.
  http_->set_payload_max_length(handler_.max_body_bytes());
  http_->set_error_handler([this](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) copy_out(handler_.refused_by_http_layer(res.status), res);
  });
  http_->set_exception_handler(
      [this](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        copy_out(handler_.refused_by_http_layer(500), res);
      });
  http_->set_keep_alive_max_count(1000);
  http_->set_read_timeout(60, 0);  // the aws CLI's default socket timeout
  http_->set_write_timeout(60, 0);
}

Server::~Server() = default;

int Server::bind(const std::string& host, int port) {
  if (port == 0) return http_->bind_to_any_port(host);
  return http_->bind_to_port(host, port) ? port : -1;
}

void Server::serve() {
  http_->listen_after_bind();
}

void Server::stop() {
  http_->stop();
}

}  // namespace ulp::reference
