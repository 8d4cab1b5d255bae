// An endpoint in front of another that answers every other call itself, without passing it
// on: with ECR's throttling answer (400 ThrottlingException, "Rate exceeded"), or with a 500
// ServerException. The calls it passes on reach the endpoint behind it unchanged.
#pragma once

#include <httplib.h>

#include <atomic>
#include <string>
#include <thread>

namespace ulp::conformance::testing {

class ThrottlingProxy {
 public:
  enum class Mode { throttle, server_error };

  ThrottlingProxy(const std::string& upstream_url, Mode mode)
      : mode_(mode), upstream_(upstream_url) {
    upstream_.set_read_timeout(60, 0);
    upstream_.set_tcp_nodelay(true);
    server_.set_tcp_nodelay(true);  // else each answer waits for a delayed ACK
    server_.Post(".*", [this](const httplib::Request& req, httplib::Response& res) {
      if (turn_++ % 2 == 0) {
        ++refused_;
        res.status = mode_ == Mode::throttle ? 400 : 500;
        res.set_header("x-amzn-RequestId", "proxy-" + std::to_string(turn_));
        res.set_content(mode_ == Mode::throttle
                            ? R"({"__type":"ThrottlingException","message":"Rate exceeded"})"
                            : R"({"__type":"ServerException","message":"proxy fault"})",
                        "application/x-amz-json-1.1");
        return;
      }
      httplib::Headers headers;
      for (const auto& [name, value] : req.headers)
        if (name != "Content-Length" && name != "Content-Type" && name != "Host")
          headers.emplace(name, value);
      auto answer =
          upstream_.Post(req.target, headers, req.body, req.get_header_value("Content-Type"));
      if (!answer) {
        res.status = 502;
        return;
      }
      res.status = answer->status;
      for (const auto& [name, value] : answer->headers)
        if (name != "Content-Length" && name != "Content-Type" && name != "Connection" &&
            name != "Keep-Alive")
          res.set_header(name, value);
      res.set_content(answer->body, answer->get_header_value("Content-Type"));
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~ThrottlingProxy() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int refused() const { return refused_; }  // the calls it answered itself

 private:
  Mode mode_;
  httplib::Client upstream_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = -1;
  std::atomic<int> turn_{0}, refused_{0};
};

}  // namespace ulp::conformance::testing
