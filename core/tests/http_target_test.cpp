// HttpTarget over plain HTTP against a scripted endpoint that writes raw bytes: what it sends,
// how it reads every way an answer can be framed, and each transport error it names.
#include "core/http_target.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "core/tests/loopback_listener.hpp"
#include "core/transport_errors.hpp"

namespace ulp {
namespace {

namespace e = transport_error;
using namespace std::chrono_literals;

// Listens on loopback. For each request it reads (head, then Content-Length bytes), it runs
// the next scripted step on the connection: a step writes an answer, or drops the connection,
// or waits. It keeps every request it read.
class ScriptedEndpoint {
 public:
  using Step = std::function<bool(int fd)>;  // false: the connection is closed after it

  explicit ScriptedEndpoint(std::deque<Step> steps) : steps_(std::move(steps)) {
    listener_ = testing::listen_on_loopback(port_);
    thread_ = std::thread([this] { serve(); });
  }
  ~ScriptedEndpoint() {
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    thread_.join();
    ::close(listener_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<std::string> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  int connections() const { return connections_; }

  static Step answer(std::string bytes, bool keep_open = true) {
    return [bytes = std::move(bytes), keep_open](int fd) {
      ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      return keep_open;
    };
  }
  static Step drop() {
    return [](int) { return false; };
  }

 private:
  void serve() {
    while (!stopping_) {
      const int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) return;
      ++connections_;
      std::string pending;
      for (bool open = true; open && !stopping_;) {
        std::string request;
        if (!read_request(fd, pending, request)) break;
        Step step;
        {
          std::lock_guard lock(mutex_);
          requests_.push_back(request);
          if (steps_.empty()) break;
          step = std::move(steps_.front());
          steps_.pop_front();
        }
        open = step(fd);
      }
      ::close(fd);
    }
  }

  static bool read_request(int fd, std::string& pending, std::string& request) {
    char buffer[65536];
    std::size_t end;
    while ((end = pending.find("\r\n\r\n")) == std::string::npos) {
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) return false;
      pending.append(buffer, static_cast<std::size_t>(n));
    }
    std::size_t length = 0;
    if (auto at = pending.find("Content-Length: "); at != std::string::npos && at < end)
      length = std::stoul(pending.substr(at + 16));
    while (pending.size() < end + 4 + length) {
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) return false;
      pending.append(buffer, static_cast<std::size_t>(n));
    }
    request = pending.substr(0, end + 4 + length);
    pending.erase(0, request.size());
    return true;
  }

  std::deque<Step> steps_;
  int listener_ = -1, port_ = 0;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::mutex mutex_;
  std::vector<std::string> requests_;
};

const std::string kOk =
    "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 2\r\n\r\n{}";

HttpTarget target_of(const ScriptedEndpoint& endpoint, int read_timeout = 5,
                     std::size_t max_response_bytes = 0) {
  HttpTargetOptions o;
  o.endpoint_url = endpoint.url();
  o.read_timeout_seconds = read_timeout;
  o.max_response_bytes = max_response_bytes;
  return HttpTarget(o);
}

Request upload_request(std::string body = R"({"repositoryName":"r"})") {
  Request r;
  r.operation = "InitiateLayerUpload";
  r.body = std::move(body);
  return r;
}

TEST(HttpTargetTest, SendsTheHeadTheBodyAndItsLengthAndReusesTheConnection) {
  ScriptedEndpoint endpoint({ScriptedEndpoint::answer(kOk), ScriptedEndpoint::answer(kOk)});
  HttpTarget target = target_of(endpoint);
  const std::string body(300000, 'b');  // longer than a socket takes at once
  Response first = target.send(upload_request(body));
  Response second = target.send(upload_request());
  ASSERT_EQ(first.status, 200) << first.transport_error << " " << first.transport_detail;
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(first.header("content-type"), "application/x-amz-json-1.1");
  EXPECT_EQ(endpoint.connections(), 1);
  const auto requests = endpoint.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_TRUE(requests[0].starts_with("POST / HTTP/1.1\r\n"));
  EXPECT_NE(requests[0].find("\r\nHost: 127.0.0.1:"), std::string::npos);
  EXPECT_NE(requests[0].find("\r\nX-Amz-Target: "), std::string::npos);
  EXPECT_NE(requests[0].find("\r\nContent-Length: 300000\r\n"), std::string::npos);
  EXPECT_TRUE(requests[0].ends_with("\r\n\r\n" + body));
  EXPECT_EQ(first.sent_headers.count("Host"), 1u);
}

TEST(HttpTargetTest, ReadsChunkedAnswersAndAnswersThatEndWithTheConnection) {
  ScriptedEndpoint endpoint({
      ScriptedEndpoint::answer("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 400 Bad Request\r\n"
                               "Transfer-Encoding: chunked\r\n\r\n"
                               "5\r\n{\"__t\r\n"
                               "2f\r\nype\":\"InvalidLayerPartException\","
                               "\"message\":\"m\"}\r\n0\r\n\r\n"),
      ScriptedEndpoint::answer("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n{\"a\":1}", false),
      ScriptedEndpoint::answer(kOk),
  });
  HttpTarget target = target_of(endpoint);
  Response chunked = target.send(upload_request());
  EXPECT_EQ(chunked.status, 400) << chunked.transport_error << " " << chunked.transport_detail;
  EXPECT_EQ(chunked.error_type, "InvalidLayerPartException");
  Response until_close = target.send(upload_request());
  EXPECT_EQ(until_close.status, 200) << until_close.transport_error;
  EXPECT_EQ(until_close.body, R"({"a":1})");
  Response after = target.send(upload_request());  // on a new connection
  EXPECT_EQ(after.status, 200) << after.transport_error;
  EXPECT_EQ(endpoint.connections(), 2);
}

TEST(HttpTargetTest, NamesEachWayAnAnswerFails) {
  ScriptedEndpoint endpoint({
      ScriptedEndpoint::drop(),
      ScriptedEndpoint::answer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}", false),
      ScriptedEndpoint::answer("this is not HTTP\r\n\r\n", false),
      ScriptedEndpoint::answer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" +
                               std::string(100, 'x')),
  });
  HttpTarget target = target_of(endpoint, 5, 50);
  EXPECT_EQ(target.send(upload_request()).transport_error, e::kRead);  // dropped, no answer
  EXPECT_EQ(target.send(upload_request()).transport_error, e::kRead);  // cut short
  Response malformed = target.send(upload_request());
  EXPECT_EQ(malformed.transport_error, e::kMalformed);
  EXPECT_FALSE(malformed.transport_detail.empty());
  Response too_long = target.send(upload_request());
  EXPECT_EQ(too_long.status, 0);
  EXPECT_NE(too_long.transport_error.find("longer than 50 bytes"), std::string::npos)
      << too_long.transport_error;
}

TEST(HttpTargetTest, AnAnswerThatNeverComesIsAReadErrorAfterTheTimeout) {
  ScriptedEndpoint endpoint({[](int) {
    std::this_thread::sleep_for(1500ms);
    return false;
  }});
  HttpTarget target = target_of(endpoint, 1);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(target.send(upload_request()).transport_error, e::kRead);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 900ms);
}

TEST(HttpTargetTest, CancelEndsTheRequestInFlightAsCanceled) {
  ScriptedEndpoint endpoint({[](int) {
    std::this_thread::sleep_for(1500ms);
    return false;
  }});
  HttpTarget target = target_of(endpoint, 30);
  std::thread canceler([&] {
    std::this_thread::sleep_for(200ms);
    target.cancel();
  });
  const auto start = std::chrono::steady_clock::now();
  Response r = target.send(upload_request());
  canceler.join();
  EXPECT_EQ(r.transport_error, e::kCanceled);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1400ms);
}

TEST(HttpTargetTest, NoListenerIsAConnectionError) {
  int port;
  {
    ScriptedEndpoint gone({});
    port = std::stoi(gone.url().substr(gone.url().rfind(':') + 1));
  }
  HttpTargetOptions o;
  o.endpoint_url = "http://127.0.0.1:" + std::to_string(port);
  HttpTarget target(o);
  Response r = target.send(upload_request());
  EXPECT_EQ(r.transport_error, e::kConnection);
  EXPECT_FALSE(r.transport_detail.empty());
}

TEST(HttpTargetTest, RequestHeadAddsALengthOnlyWhereNoFramingIsGiven) {
  EXPECT_EQ(request_head("POST", "/", {{"A", "1"}}, 0),
            "POST / HTTP/1.1\r\nA: 1\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(request_head("GET", "/x", {}, 0), "GET /x HTTP/1.1\r\n\r\n");
  EXPECT_EQ(request_head("POST", "/", {{"content-length", "7"}}, 3),
            "POST / HTTP/1.1\r\ncontent-length: 7\r\n\r\n");
  EXPECT_EQ(request_head("POST", "/", {{"Transfer-Encoding", "chunked"}}, 3),
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
}

}  // namespace
}  // namespace ulp
