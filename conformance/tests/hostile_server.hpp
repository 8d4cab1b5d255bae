// A tiny hostile endpoint for the runner's robustness test: it answers the runner's own
// first contact, CreateRepository and DeleteRepository properly (so that cases start), and
// everything else badly, in turn: HTML 500 pages, malformed JSON, the wrong Content-Type, a dropped
// connection, an answer that never comes, deep nesting, a huge body, binary garbage with a
// terminal escape sequence, an empty
// body, an error sent as a success.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

namespace ulp::conformance::testing {

class HostileServer {
 public:
  // mixed: a different bad answer in turn; hang_everything: no answer; html_500: an nginx
  // error page for every layer call, as a registry whose ECR API is not there answers.
  enum class Mode { mixed, hang_everything, html_500 };

  explicit HostileServer(Mode mode) : mode_(mode) {
    server_.Post(".*",
                 [this](const httplib::Request& req, httplib::Response& res) { answer(req, res); });
    server_.set_read_timeout(5, 0);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~HostileServer() {
    stopping_ = true;
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int created() const { return created_; }
  int deleted() const { return deleted_; }
  int answered() const { return answered_; }

 private:
  void answer(const httplib::Request& req, httplib::Response& res) {
    std::string target = req.get_header_value("X-Amz-Target");
    std::string op = target.substr(target.find('.') + 1);
    const char* json = "application/x-amz-json-1.1";
    if (op == "BatchCheckLayerAvailability") {  // the runner's first contact
      res.set_content(R"({"layers":[],"failures":[]})", json);
      return;
    }
    if (op == "CreateRepository" || op == "DeleteRepository") {
      (op == "CreateRepository" ? created_ : deleted_)++;
      res.set_content(R"({"repository":{"registryId":"123456789012","repositoryName":"r"}})", json);
      return;
    }
    ++answered_;
    if (mode_ == Mode::hang_everything) return hang(res, 30);
    switch (mode_ == Mode::html_500 ? 0 : turn_++ % 10) {
      case 0:
        res.status = 500;
        res.set_content("<html><body><h1>500 Internal Server Error</h1><p>nginx</p></body></html>",
                        "text/html");
        return;
      case 1:
        res.set_content(R"({"uploadId": "6cb64b8a-9378-0e33-2ab1-b780fab8a9e9", "partSi)", json);
        return;
      case 2:
        res.set_content(R"({"uploadId":"6cb64b8a-9378-0e33-2ab1-b780fab8a9e9","partSize":10})",
                        "text/plain");
        return;
      case 3:  // headers go out, then the connection is dropped
        res.set_chunked_content_provider(json, [](size_t, httplib::DataSink&) { return false; });
        return;
      case 4:
        if (hangs_++ < 2) return hang(res, 3);
        res.status = 503;
        res.set_content("Service Unavailable", "text/plain");
        return;
      case 5:
        res.status = 400;
        res.set_content(std::string(100000, '[') + std::string(100000, ']'), json);
        return;
      case 6:
        res.set_content(std::string(10 << 20, 'x'), json);
        return;
      case 7:
        res.status = 400;
        // Invalid UTF-8, and an escape sequence that would clear a terminal. (A control
        // character in a header would make the answer malformed HTTP, not garbage.)
        res.set_content(std::string("\xff\xfe\x00\x01garbage\x1b[2J\xc3\x28", 17),
                        "text/plain\xc3\x28");
        return;
      case 8:
        res.set_content("", json);
        return;
      default:
        res.set_content(R"({"__type":"InvalidLayerPartException","message":"sent as a 200"})",
                        json);
    }
  }

  void hang(httplib::Response& res, int seconds) {
    for (int i = 0; i < seconds * 20 && !stopping_; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    res.set_content("{}", "application/x-amz-json-1.1");
  }

  Mode mode_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = -1;
  std::atomic<bool> stopping_{false};
  std::atomic<int> turn_{0}, hangs_{0}, created_{0}, deleted_{0}, answered_{0};
};

}  // namespace ulp::conformance::testing
