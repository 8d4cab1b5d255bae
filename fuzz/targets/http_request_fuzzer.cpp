// fuzz_http_request: whole raw HTTP requests (request line, headers, body; several may follow
// one another on the connection) fed to the reference server's routes, in process: the
// httplib server that reference::Server configures reads them from memory instead of a
// socket, and the reference handler answers. Oracles, on every answer: no 5xx (a client's
// bytes are never the server's fault, PROTO-NO-5XX), the protocol's Content-Type
// (PROTO-CONTENT-TYPE) and request ID header (PROTO-REQUEST-ID), a JSON object body, and an
// error named in __type with a message (PROTO-ERROR-TYPE).
//
// ULP_FUZZ_MUTANT=<name> plants one of the reference's mutants.
#include <httplib.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/aws_json.hpp"
#include "core/spec.hpp"
#include "fuzz/support/fuzz_check.hpp"
#include "fuzz/support/fuzz_reference.hpp"
#include "reference/server.hpp"

namespace {

ulp::reference::Mutant planted = ulp::reference::Mutant::none;
constexpr int kMaxRequests = 16;  // per input: bounds its time

// A connection whose client sent `input` and then closed its side.
class MemoryStream : public httplib::Stream {
 public:
  explicit MemoryStream(std::string_view input) : input_(input) {}

  bool is_readable() const override { return position_ < input_.size(); }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    size_t n = std::min(size, input_.size() - position_);
    std::memcpy(ptr, input_.data() + position_, n);
    position_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    output.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 40000;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 8080;
  }
  socket_t socket() const override { return 0; }  // below FD_SETSIZE, as httplib wants

  std::string_view unread() const { return input_.substr(position_); }
  std::string output;

 private:
  std::string_view input_;
  size_t position_ = 0;
};

// httplib::Server::process_request reads and answers one request; it is protected, and
// reference::Server's httplib server is a plain httplib::Server, hence this accessor.
struct RequestProcessor : httplib::Server {
  using httplib::Server::process_request;
};

struct Answer {
  int status = 0;
  httplib::Headers headers;
  std::string body;
};

// One answer as written, after any interim "100 Continue".
Answer read_answer(std::string_view bytes) {
  while (true) {
    auto head_end = bytes.find("\r\n\r\n");
    ULP_FUZZ_CHECK(bytes.starts_with("HTTP/1.1 ") && head_end != std::string_view::npos,
                   "not an HTTP answer: " << bytes.substr(0, 200));
    Answer a;
    a.status = std::atoi(std::string(bytes.substr(9, 3)).c_str());
    std::string_view head = bytes.substr(0, head_end);
    auto status_line_end = head.find("\r\n");
    std::string_view lines =
        status_line_end == std::string_view::npos ? "" : head.substr(status_line_end + 2);
    while (!lines.empty()) {
      auto end = lines.find("\r\n");
      std::string_view line = lines.substr(0, end);
      auto colon = line.find(": ");
      if (colon != std::string_view::npos)
        a.headers.emplace(std::string(line.substr(0, colon)), std::string(line.substr(colon + 2)));
      lines.remove_prefix(end == std::string_view::npos ? lines.size() : end + 2);
    }
    bytes.remove_prefix(head_end + 4);
    if (a.status >= 100 && a.status < 200) continue;
    a.body = bytes;
    return a;
  }
}

// Whether httplib reads the request line at the start of `input` as a HEAD request, whose
// answer it sends without a body, even when the request is malformed ("\tHEAD\r\n" has no
// target and is answered 400). As httplib parses it: the line up to '\n', up to a NUL, must
// end in CRLF; its first space-separated word, spaces and tabs trimmed, is the method.
bool names_head(std::string_view input) {
  std::string_view line = input.substr(0, input.find('\n') + 1);
  line = line.substr(0, line.find('\0'));
  if (!line.ends_with("\r\n")) return false;
  line.remove_suffix(2);
  line.remove_prefix(std::min(line.size(), line.find_first_not_of(' ')));
  std::string_view method = line.substr(0, line.find(' '));
  method.remove_prefix(std::min(method.size(), method.find_first_not_of(" \t")));
  while (!method.empty() && (method.back() == ' ' || method.back() == '\t'))
    method.remove_suffix(1);
  return method == "HEAD";
}

void check_answer(const Answer& a, bool head_request) {
  const ulp::Protocol& p = ulp::Spec::get().protocol;
  ULP_FUZZ_CHECK(a.status < 500, "status " << a.status << " for a client's bytes: " << a.body);
  ULP_FUZZ_CHECK(a.status == 200 || (a.status >= 400 && a.status < 500),
                 "status " << a.status << ": " << a.body);
  auto content_type = a.headers.find("Content-Type");
  ULP_FUZZ_CHECK(
      content_type != a.headers.end() && content_type->second == p.content_type,
      "Content-Type " << (content_type == a.headers.end() ? "missing" : content_type->second));
  ULP_FUZZ_CHECK(a.headers.count(p.request_id_header), "no " << p.request_id_header);
  if (head_request) return;  // a HEAD answer has no body
  auto parsed = ulp::aws_json::parse(a.body, p.max_json_depth);
  const auto* body = std::get_if<nlohmann::json>(&parsed);
  ULP_FUZZ_CHECK(body && body->is_object(), "the body is not a JSON object: " << a.body);
  if (a.status == 200) return;
  auto type = body->find(p.error_type_field);
  auto message = body->find("message");
  ULP_FUZZ_CHECK(type != body->end() && type->is_string() && !type->get<std::string>().empty() &&
                     message != body->end() && message->is_string(),
                 "an error without __type or message: " << a.body);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  planted = ulp::fuzz::mutant_from_environment("fuzz_http_request");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The server's routes are built once; reset() gives the next input a fresh engine and
  // handler at the addresses the routes refer to.
  static ulp::fuzz::FuzzReference reference(planted);
  static ulp::reference::Server server(reference.handler());
  MemoryStream connection(std::string_view(reinterpret_cast<const char*>(data), size));
  constexpr auto process_request = &RequestProcessor::process_request;
  for (int i = 0; i < kMaxRequests && connection.is_readable(); ++i) {
    const std::size_t answered = connection.output.size();
    const bool head_request = names_head(connection.unread());
    bool closed = false;
    bool served = (server.http().*process_request)(connection, false, closed, nullptr);
    if (connection.output.size() > answered)
      check_answer(read_answer(std::string_view(connection.output).substr(answered)), head_request);
    if (!served || closed) break;
  }
  // After the input, not before: what it allocated is freed within it, so libFuzzer sees as
  // many frees as mallocs and does not suspect a leak (which costs a LeakSanitizer pass).
  reference.reset();
  return 0;
}
