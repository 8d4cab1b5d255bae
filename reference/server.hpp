// The reference server: the Handler behind cpp-httplib, speaking AWS JSON 1.1 as ECR does,
// so that the aws CLI, boto3 and HttpTarget can talk to it.
#pragma once

#include <memory>
#include <string>

#include "reference/handler.hpp"

namespace httplib {
class Server;
}

namespace ulp::reference {

class Server {
 public:
  explicit Server(Handler& handler);
  ~Server();

  int bind(const std::string& host, int port);  // 0 picks a free port; returns the port, or -1
  void serve();                                 // blocks until stop()
  void stop();
  // The httplib server with the reference's routes, for feeding it raw requests in process
  // (fuzz/targets/http_request_fuzzer.cpp) without a socket.
  httplib::Server& http() { return *http_; }

 private:
  Handler& handler_;
  std::unique_ptr<httplib::Server> http_;
};

}  // namespace ulp::reference
