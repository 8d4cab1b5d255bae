#include "reference/server.hpp"

#include <httplib.h>
#include <strings.h>

#include <atomic>
#include <charconv>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/huge_pages.hpp"
#include "reference/part_stream.hpp"

namespace ulp::reference {

namespace {
Headers headers_of(const httplib::Request& req) {
  return {req.headers.begin(), req.headers.end()};
}

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

// Room for the body a request announces, when it can be a valid request's.
void reserve_for(const httplib::Request& req, std::size_t max_body_bytes, std::string& body) {
  const std::string length = req.get_header_value("Content-Length");
  std::size_t n = 0;
  auto [end, error] = std::from_chars(length.data(), length.data() + length.size(), n);
  if (error != std::errc() || end != length.data() + length.size() || n > max_body_bytes) return;
  body.reserve(n);
  prefer_huge_pages(body.data(), n);
}
// The status for a request whose framing is unusable, before its body is read: 413 for a
// body longer than any valid request, 400 for a Content-Length that is not one number
// (several that differ would let a proxy and this server split the stream differently).
std::optional<int> framing_error(const httplib::Request& req, std::size_t max_body_bytes) {
  auto [begin, end] = req.headers.equal_range("Content-Length");
  if (begin == end) return std::nullopt;
  const std::string& first = begin->second;
  for (auto it = begin; it != end; ++it)
    if (it->second != first) return 400;
  std::size_t n = 0;
  auto [stop, error] = std::from_chars(first.data(), first.data() + first.size(), n);
  if (first.empty() || stop != first.data() + first.size())
    return error == std::errc::result_out_of_range ? 413 : 400;
  if (n > max_body_bytes) return 413;
  return std::nullopt;
}

// A thread for each connection, up to kMaxConnections at once. httplib's own pool has a fixed
// number of workers (8 on this machine), each holding its connection for as long as the client
// keeps it alive: the ninth client waited for another to stay idle for 5 s, and 64 clients
// pushing at once waited tens of seconds for an InitiateLayerUpload (ulp-load --clients 64).
// Past the bound the accepting thread waits, so further connections wait in the listen queue:
// a client that opens thousands cannot make the server start thousands of threads.
class ThreadPerConnection : public httplib::TaskQueue {
 public:
  static constexpr std::size_t kMaxConnections = 256;

  void enqueue(std::function<void()> fn) override {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return running_ < kMaxConnections; });
    ++running_;
    std::erase_if(threads_, [](Worker& w) {
      if (!*w.done) return false;
      w.thread.join();
      return true;
    });
    auto done = std::make_shared<std::atomic<bool>>(false);
    threads_.push_back({std::thread([this, fn = std::move(fn), done] {
                          fn();
                          {
                            std::lock_guard lock(mutex_);
                            --running_;
                            room_.notify_one();
                          }
                          *done = true;  // last: enqueue() joins it holding mutex_
                        }),
                        done});
  }
  void shutdown() override {
    std::vector<Worker> all;
    {
      std::lock_guard lock(mutex_);  // each thread takes it at its end: joined without it
      all.swap(threads_);
    }
    for (auto& w : all) w.thread.join();
  }

 private:
  struct Worker {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  std::mutex mutex_;
  std::condition_variable room_;
  std::size_t running_ = 0;
  std::vector<Worker> threads_;
};

}  // namespace

Server::Server(Handler& handler) : handler_(handler), http_(std::make_unique<httplib::Server>()) {
  http_->new_task_queue = [] { return new ThreadPerConnection; };
  auto route = [this](const httplib::Request& req, httplib::Response& res) {
    HttpRequest request{req.method, req.target, headers_of(req), req.body};
    copy_out(handler_.handle(request), res);
  };
  // POST bodies are read here rather than into httplib's req.body: into one buffer reserved
  // at the Content-Length (httplib grows a string 4 KiB at a time) that the handler gets
  // without a copy. Everything else is as httplib's own reading: its limits and verdicts
  // (413, 400, decompression, chunks), multipart parts kept out of the body, and its limit
  // on url-encoded forms.
  auto post = [this](const httplib::Request& req, httplib::Response& res,
                     const httplib::ContentReader& read) {
    HttpRequest request{req.method, req.target, headers_of(req), {}};
    // A part is handled as it arrives, in memory that does not grow with it.
    if (auto stream = req.is_multipart_form_data() ? nullptr : handler_.stream(request)) {
      bool complete = read([&](const char* data, std::size_t n) {
        stream->feed(std::string_view(data, n));
        return true;
      });
      if (!complete) {
        if (res.status == -1) res.status = 404;
        return;
      }
      copy_out(stream->finish(), res);
      return;
    }
    bool complete;
    if (req.is_multipart_form_data()) {
      std::size_t files = 0;
      complete = read(
          [&](const httplib::MultipartFormData&) {
            return files++ != CPPHTTPLIB_MULTIPART_FORM_DATA_FILE_MAX_COUNT;
          },
          [](const char*, std::size_t) { return true; });
    } else {
      reserve_for(req, handler_.max_body_bytes(), request.body);
      complete = read([&](const char* data, std::size_t n) {
        request.body.append(data, n);
        return true;
      });
    }
    // Not read: res.status holds httplib's verdict, which the error handler answers
    // (and 404 when there is none, as httplib answers a request no route took).
    if (!complete) {
      if (res.status == -1) res.status = 404;
      return;
    }
    if (req.get_header_value("Content-Type").find("application/x-www-form-urlencoded") == 0 &&
        request.body.size() > CPPHTTPLIB_FORM_URL_ENCODED_PAYLOAD_MAX_LENGTH) {
      res.status = 413;
      return;
    }
    copy_out(handler_.handle(request), res);
  };
  // Every method and path reaches the handler, which answers each with an AWS error.
  http_->Post(".*", post);
  http_->Get(".*", route);
  http_->Put(".*", route);
  http_->Patch(".*", route);
  http_->Delete(".*", route);
  http_->Options(".*", route);
  // The body is refused unread when it cannot be a valid request.
  http_->set_payload_max_length(handler_.max_body_bytes());
  // With a Range header httplib would send a slice of the JSON answer under status 200
  // (found by fuzz_http_request). AWS JSON answers are whole: ranges are dropped before
  // routing and before an error is answered. httplib's Request is not const, only the
  // reference to it, so clearing it is well defined.
  auto whole_answers = [](const httplib::Request& req) {
    const_cast<httplib::Request&>(req).ranges.clear();
  };
  http_->set_pre_routing_handler(
      [this, whole_answers](const httplib::Request& req, httplib::Response& res) {
        whole_answers(req);
        if (auto status = framing_error(req, handler_.max_body_bytes())) {
          // Answered before the body is read, and the connection closed: what follows the
          // headers cannot be told apart from a next request.
          copy_out(handler_.refused_by_http_layer(*status), res);
          res.set_header("Connection", "close");
          return httplib::Server::HandlerResponse::Handled;
        }
        if (req.method == "POST" && !req.has_header("Content-Length") &&
            !req.has_header("Transfer-Encoding")) {
          // No length and no chunks: the body is empty (RFC 9112 section 6.3), where httplib
          // would wait for the client to close.
          copy_out(handler_.handle(HttpRequest{req.method, req.target, headers_of(req), {}}), res);
          return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
      });
  http_->set_error_handler(
      [this, whole_answers](const httplib::Request& req, httplib::Response& res) {
        whole_answers(req);
        if (res.body.empty()) copy_out(handler_.refused_by_http_layer(res.status), res);
      });
  http_->set_exception_handler(
      [this](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        copy_out(handler_.refused_by_http_layer(500), res);
      });
  // An answer's headers and body go out in two writes; without this the body waits for the
  // client's delayed ACK of the headers (Nagle's algorithm), up to 40 ms per request.
  http_->set_tcp_nodelay(true);
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
