// The reference server over real loopback HTTP: the server binary runs as a child process
// and is driven by HttpTarget (unsigned and SigV4-signed) and, for what no well-behaved
// client sends, by raw sockets. After every piece of bad input the server must still serve.
//
// Tests named DISABLED_* state behaviour the reference does not have yet (see the comment
// on each); run them with --gtest_also_run_disabled_tests.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <latch>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "core/aws_json.hpp"
#include "core/base64.hpp"
#include "core/child_process.hpp"
#include "core/http_target.hpp"
#include "core/sha256.hpp"
#include "core/spec.hpp"
#include "core/validate.hpp"
#include "reference/mutant.hpp"

namespace ulp::reference {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using namespace std::chrono_literals;

constexpr auto kStartTimeout = 10s;  // until `listening on` is printed
constexpr auto kStopTimeout = 5s;    // from SIGTERM to exit
constexpr auto kAnswerTimeout = 5s;  // for an answer on a raw socket

int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 1'000'000));
}

// The server binary as a child process: stdout on a pipe, stderr on a pipe when captured or
// else inherited.
class ServerProcess : public ChildProcess {
 public:
  ::testing::AssertionResult spawn(const std::vector<std::string>& args,
                                   bool capture_stderr = false) {
    Options o;
    o.argv = {ULP_SERVER_BIN};
    o.argv.insert(o.argv.end(), args.begin(), args.end());
    o.stderr_to = capture_stderr ? Stderr::capture : Stderr::inherit;
    std::string why;
    if (!ChildProcess::spawn(o, &why)) return ::testing::AssertionFailure() << why;
    return ::testing::AssertionSuccess();
  }
};

// Reads `listening on http://127.0.0.1:PORT` and returns the port.
::testing::AssertionResult read_listening_port(ServerProcess& server, int* port) {
  auto line = server.read_line(kStartTimeout);
  if (!line)
    return ::testing::AssertionFailure() << "the server printed no `listening on` line within "
                                         << std::chrono::seconds(kStartTimeout).count() << " s";
  auto found = listening_port(*line);
  if (!found || !line->starts_with("listening on http://127.0.0.1:"))
    return ::testing::AssertionFailure() << "unexpected first line: '" << *line << "'";
  *port = *found;
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult exits_with(std::optional<int> status, int code) {
  if (!status) return ::testing::AssertionFailure() << "the server did not exit in time";
  if (!WIFEXITED(*status) || WEXITSTATUS(*status) != code)
    return ::testing::AssertionFailure()
           << describe_wait_status(*status) << ", expected exit code " << code;
  return ::testing::AssertionSuccess();
}

// ---------------------------------------------------------------------------------------------
// A raw TCP connection to the server, for requests no HTTP client library would send.
class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ >= 0 &&
        ::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~RawConnection() { close(); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }

  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  // The next HTTP response; nullopt (and *why) when none arrives whole within the timeout.
  std::optional<Response> receive(std::chrono::nanoseconds timeout, std::string* why) {
    auto deadline = Clock::now() + timeout;
    while (true) {
      if (auto r = parse_buffered()) return r;
      pollfd p{fd_, POLLIN, 0};
      int ready = ::poll(&p, 1, remaining_ms(deadline));
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0) {
        *why = "no complete answer within " +
               std::to_string(std::chrono::duration_cast<milliseconds>(timeout).count()) + " ms (" +
               std::to_string(buffer_.size()) + " bytes received)";
        return std::nullopt;
      }
      char buf[8192];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        *why = "the server closed the connection after " + std::to_string(buffer_.size()) +
               " bytes of answer";
        return std::nullopt;
      }
      buffer_.append(buf, static_cast<std::size_t>(n));
    }
  }

 private:
  std::optional<Response> parse_buffered() {
    auto end = buffer_.find("\r\n\r\n");
    if (end == std::string::npos) return std::nullopt;
    std::istringstream head(buffer_.substr(0, end));
    std::string line, version;
    int status = 0;
    std::getline(head, line);
    std::istringstream(line) >> version >> status;
    Headers headers;
    std::size_t length = 0;
    while (std::getline(head, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      headers.emplace(line.substr(0, colon), value);
    }
    if (auto it = headers.find("Content-Length"); it != headers.end())
      length = std::stoull(it->second);
    if (buffer_.size() < end + 4 + length) return std::nullopt;
    std::string body = buffer_.substr(end + 4, length);
    buffer_.erase(0, end + 4 + length);
    return Response::decode(status, std::move(headers), std::move(body));
  }

  int fd_ = -1;
  std::string buffer_;
};

// ---------------------------------------------------------------------------------------------
// What every answer must look like.

std::string summary(const Response& r) {
  if (r.status == 0) return "no HTTP answer (" + r.transport_error + ")";
  std::string body = r.body.size() > 400 ? r.body.substr(0, 400) + "..." : r.body;
  return "HTTP " + std::to_string(r.status) + " Content-Type '" + r.header("Content-Type") +
         "' body " + body;
}

::testing::AssertionResult has_protocol_headers(const Response& r) {
  const Protocol& p = Spec::get().protocol;
  if (r.header("Content-Type") != p.content_type)
    return ::testing::AssertionFailure()
           << "Content-Type is not " << p.content_type << ": " << summary(r);
  if (r.header(p.request_id_header).empty())
    return ::testing::AssertionFailure() << "no " << p.request_id_header << ": " << summary(r);
  if (!r.json || !r.json->is_object())
    return ::testing::AssertionFailure() << "the body is not a JSON object: " << summary(r);
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult succeeded(const Response& r) {
  if (r.status != 200) return ::testing::AssertionFailure() << "expected 200: " << summary(r);
  return has_protocol_headers(r);
}

// A clear client error: this status, Content-Type, request ID, __type and a message.
::testing::AssertionResult is_error(const Response& r, int status, const std::string& type) {
  if (r.status != status)
    return ::testing::AssertionFailure()
           << "expected HTTP " << status << " " << type << ", got " << summary(r);
  if (auto headers = has_protocol_headers(r); !headers) return headers;
  auto t = r.json->find(Spec::get().protocol.error_type_field);
  if (t == r.json->end() || !t->is_string() || *t != type)
    return ::testing::AssertionFailure() << "expected __type " << type << ": " << summary(r);
  auto m = r.json->find("message");
  if (m == r.json->end() || !m->is_string() || m->get<std::string>().empty())
    return ::testing::AssertionFailure() << "no message: " << summary(r);
  return ::testing::AssertionSuccess();
}

std::string target_prefix() {
  return Spec::get().protocol.target_prefix;
}

// Deterministic bytes that are not all alike (so that a lost or moved byte changes the digest).
std::string bytes_of(std::size_t size, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string out(size, '\0');
  for (std::size_t i = 0; i < size; i += 8) {
    std::uint64_t v = rng();
    for (std::size_t k = 0; k < 8 && i + k < size; ++k)
      out[i + k] = static_cast<char>(v >> (8 * k));
  }
  return out;
}

Request part_request(const std::string& repository, const std::string& upload_id,
                     std::int64_t first, std::int64_t last, std::string_view bytes) {
  Request r;
  r.operation = "UploadLayerPart";
  r.body = aws_json::with_blob({{"repositoryName", repository},
                                {"uploadId", upload_id},
                                {"partFirstByte", first},
                                {"partLastByte", last}},
                               "layerPartBlob", base64::encode(bytes));
  return r;
}

// ---------------------------------------------------------------------------------------------
// A fresh server per test, stopped with SIGTERM at the end: it must exit 0 within seconds.
class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::signal(SIGPIPE, SIG_IGN);  // a server closing early must not kill the test
  }

  virtual std::vector<std::string> server_args() { return {"--host", "127.0.0.1", "--port", "0"}; }

  void SetUp() override {
    ASSERT_TRUE(server_.spawn(server_args()));
    ASSERT_TRUE(read_listening_port(server_, &port_));
    url_ = "http://127.0.0.1:" + std::to_string(port_);
  }

  void TearDown() override {
    if (!server_.running()) return;
    EXPECT_TRUE(exits_with(server_.terminate(kStopTimeout), 0)) << "after SIGTERM";
  }

  std::unique_ptr<HttpTarget> target(bool signed_requests = false) {
    HttpTargetOptions o;
    o.endpoint_url = url_;
    o.region = "us-east-1";
    if (signed_requests) o.credentials = sigv4::Credentials{"AKIDEXAMPLE", "secret", ""};
    o.connect_timeout_seconds = 10;
    o.read_timeout_seconds = 30;
    return std::make_unique<HttpTarget>(o);
  }

  Response call(Target& t, const std::string& operation, const json& body) {
    return t.send(Request::of(operation, body));
  }

  // A new repository and an upload in it.
  std::string new_upload(Target& t, const std::string& repository) {
    auto created = call(t, "CreateRepository", {{"repositoryName", repository}});
    EXPECT_TRUE(succeeded(created));
    auto initiated = call(t, "InitiateLayerUpload", {{"repositoryName", repository}});
    EXPECT_TRUE(succeeded(initiated));
    return initiated.json ? initiated.json->value("uploadId", "") : "";
  }

  // The server still answers ordinary requests, on a new connection.
  ::testing::AssertionResult still_serves() {
    auto t = target();
    std::string repository = "still-serving-" + std::to_string(++probes_);
    auto created = call(*t, "CreateRepository", {{"repositoryName", repository}});
    if (auto ok = succeeded(created); !ok) return ok << " (CreateRepository afterwards)";
    auto initiated = call(*t, "InitiateLayerUpload", {{"repositoryName", repository}});
    if (auto ok = succeeded(initiated); !ok) return ok << " (InitiateLayerUpload afterwards)";
    return ::testing::AssertionSuccess();
  }

  // The bytes as one HTTP/1.1 request on a new connection, and the answer; status 0 and
  // transport_error when none comes whole within the timeout.
  Response exchange(std::string_view bytes, std::chrono::nanoseconds timeout = kAnswerTimeout) {
    Response none;
    RawConnection c(port_);
    if (!c.connected()) {
      none.transport_error = "cannot connect to 127.0.0.1:" + std::to_string(port_);
      return none;
    }
    if (!c.send(bytes)) {
      none.transport_error = "the server stopped taking the request bytes";
      return none;
    }
    auto r = c.receive(timeout, &none.transport_error);
    return r ? *r : none;
  }

  std::string raw_request(const std::string& operation, std::string_view body,
                          const std::string& extra_headers = "") {
    std::string r = "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port_) +
                    "\r\nContent-Type: " + Spec::get().protocol.content_type +
                    "\r\nX-Amz-Target: " + target_prefix() + "." + operation + "\r\n" +
                    extra_headers;
    if (extra_headers.find("Content-Length") == std::string::npos)
      r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    return r + "\r\n" + std::string(body);
  }

  void run_flow(bool signed_requests);

  ServerProcess server_;
  int port_ = 0;
  std::string url_;
  int probes_ = 0;
};

// CreateRepository, InitiateLayerUpload, parts, a refused gap, CompleteLayerUpload with the
// true digest, BatchCheckLayerAvailability.
void ServerTest::run_flow(bool signed_requests) {
  const Profile ecr = Profile::load("ecr");
  const std::string repository = signed_requests ? "flow/signed" : "flow/unsigned";
  auto t = target(signed_requests);
  std::set<std::string> request_ids;
  std::size_t answers = 0;
  auto note = [&](const Response& r) {
    request_ids.insert(r.header(Spec::get().protocol.request_id_header));
    ++answers;
  };

  auto created = call(*t, "CreateRepository", {{"repositoryName", repository}});
  ASSERT_TRUE(succeeded(created));
  note(created);
  EXPECT_EQ(created.json->at("repository").value("repositoryName", ""), repository);
  EXPECT_EQ(created.json->at("repository").value("registryId", ""), ecr.registry_id);

  auto initiated = call(*t, "InitiateLayerUpload", {{"repositoryName", repository}});
  ASSERT_TRUE(succeeded(initiated));
  note(initiated);
  const std::string upload_id = initiated.json->value("uploadId", "");
  EXPECT_FALSE(validate("UploadId", upload_id).has_value()) << upload_id;
  EXPECT_EQ(initiated.json->value("partSize", std::int64_t{0}), ecr.part_size);

  // Two parts of the minimum size and a short last one: a layer that completes.
  const auto min = static_cast<std::size_t>(ecr.min_part_bytes);
  const std::vector<std::size_t> sizes = {min, min + 7, 1234};
  std::size_t total = 0;
  for (auto s : sizes) total += s;
  const std::string layer = bytes_of(total, signed_requests ? 2 : 1);

  std::int64_t next = 0;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    if (i == sizes.size() - 1) {
      // A gap of one byte before the last part is refused and changes nothing.
      auto gap = t->send(part_request(repository, upload_id, next + 1, next + 10,
                                      std::string_view(layer).substr(next, 10)));
      ASSERT_TRUE(is_error(gap, 400, "InvalidLayerPartException"));
      note(gap);
      EXPECT_EQ(gap.json->value("lastValidByteReceived", std::int64_t{-1}), next - 1);
      EXPECT_EQ(gap.json->value("uploadId", ""), upload_id);
      EXPECT_EQ(gap.json->value("repositoryName", ""), repository);
      EXPECT_EQ(gap.json->value("registryId", ""), ecr.registry_id);
    }
    const auto size = static_cast<std::int64_t>(sizes[i]);
    auto accepted = t->send(part_request(repository, upload_id, next, next + size - 1,
                                         std::string_view(layer).substr(next, sizes[i])));
    ASSERT_TRUE(succeeded(accepted)) << "part " << i;
    note(accepted);
    EXPECT_EQ(accepted.json->value("lastByteReceived", std::int64_t{-1}), next + size - 1);
    EXPECT_EQ(accepted.json->value("uploadId", ""), upload_id);
    EXPECT_EQ(accepted.json->value("repositoryName", ""), repository);
    EXPECT_EQ(accepted.json->value("registryId", ""), ecr.registry_id);
    next += size;
  }

  const std::string digest = "sha256:" + Sha256::hex_of(layer);
  // Another layer's digest is refused, and the upload stays open.
  auto wrong = call(*t, "CompleteLayerUpload",
                    {{"repositoryName", repository},
                     {"uploadId", upload_id},
                     {"layerDigests", json::array({"sha256:" + Sha256::hex_of(layer + "x")})}});
  ASSERT_TRUE(is_error(wrong, 400, "InvalidLayerException"));
  note(wrong);
  auto completed = call(*t, "CompleteLayerUpload",
                        {{"repositoryName", repository},
                         {"uploadId", upload_id},
                         {"layerDigests", json::array({digest})}});
  ASSERT_TRUE(succeeded(completed));
  note(completed);
  EXPECT_EQ(completed.json->value("layerDigest", ""), digest);
  EXPECT_EQ(completed.json->value("uploadId", ""), upload_id);
  EXPECT_EQ(completed.json->value("registryId", ""), ecr.registry_id);

  auto checked = call(*t, "BatchCheckLayerAvailability",
                      {{"repositoryName", repository}, {"layerDigests", json::array({digest})}});
  ASSERT_TRUE(succeeded(checked));
  note(checked);
  ASSERT_EQ(checked.json->value("layers", json::array()).size(), 1u) << checked.body;
  const json& found = checked.json->at("layers")[0];
  EXPECT_EQ(found.value("layerDigest", ""), digest);
  EXPECT_EQ(found.value("layerAvailability", ""), "AVAILABLE");
  EXPECT_EQ(found.value("layerSize", std::int64_t{0}), static_cast<std::int64_t>(total));
  EXPECT_TRUE(checked.json->value("failures", json::array()).empty()) << checked.body;

  EXPECT_EQ(request_ids.size(), answers) << "every response carries its own x-amzn-RequestId";
}

TEST_F(ServerTest, FullFlowUnsigned) {
  run_flow(false);
}

TEST_F(ServerTest, FullFlowSignedWithSigV4) {
  run_flow(true);
}

// --- bad input: a clear 4xx JSON error, and the server still serves ---------------------------

TEST_F(ServerTest, MalformedJsonIsSerializationException) {
  auto t = target();
  for (std::string body : {R"({"repositoryName":)", R"({'repositoryName':'x'})", "not json",
                           R"({"repositoryName":"x"}})", R"({"repositoryName":"x",})",
                           "{\"repositoryName\":\"\xff\xfe\"}"}) {
    Request r;
    r.operation = "CreateRepository";
    r.body = body;
    EXPECT_TRUE(is_error(t->send(r), 400, "SerializationException")) << body;
  }
  EXPECT_TRUE(still_serves());
}

TEST_F(ServerTest, JsonThatIsNotAnObjectIsSerializationException) {
  auto t = target();
  for (std::string body : {"[]", R"(["repositoryName"])", R"("x")", "42", "null", "true"}) {
    Request r;
    r.operation = "InitiateLayerUpload";
    r.body = body;
    EXPECT_TRUE(is_error(t->send(r), 400, "SerializationException")) << body;
  }
  EXPECT_TRUE(still_serves());
}

TEST_F(ServerTest, TenThousandDeepNestingIsRefused) {
  auto t = target();
  constexpr int kDepth = 10'000;
  std::string arrays = std::string(kDepth, '[') + std::string(kDepth, ']');
  std::string objects;
  for (int i = 0; i < kDepth; ++i) objects += R"({"a":)";
  objects += "1" + std::string(kDepth, '}');
  std::string member = R"({"repositoryName":)" + arrays + "}";
  for (const std::string* body : {&arrays, &objects, &member}) {
    Request r;
    r.operation = "CreateRepository";
    r.body = *body;
    EXPECT_TRUE(is_error(t->send(r), 400, "SerializationException")) << body->substr(0, 40);
  }
  EXPECT_TRUE(still_serves());
}

TEST_F(ServerTest, UnknownTargetIsUnknownOperationException) {
  auto t = target();
  for (const std::string& value : std::vector<std::string>{
           target_prefix() + ".NoSuchOperation", target_prefix() + ".", target_prefix(),
           "AmazonEC2ContainerRegistry_V20990101.UploadLayerPart", "UploadLayerPart",
           target_prefix() + ".uploadlayerpart"}) {
    Request r = Request::of("CreateRepository", {{"repositoryName", "unknown-target"}});
    r.headers = {{"X-Amz-Target", value}};
    EXPECT_TRUE(is_error(t->send(r), 400, "UnknownOperationException")) << value;
  }
  EXPECT_TRUE(still_serves());
}

TEST_F(ServerTest, MissingTargetIsUnknownOperationException) {
  auto t = target();
  Request r = Request::of("CreateRepository", {{"repositoryName", "no-target"}});
  r.omit_headers = {"X-Amz-Target"};
  EXPECT_TRUE(is_error(t->send(r), 400, "UnknownOperationException"));
  // And the repository was not made: creating it now succeeds.
  EXPECT_TRUE(succeeded(call(*t, "CreateRepository", {{"repositoryName", "no-target"}})));
  EXPECT_TRUE(still_serves());
}

TEST_F(ServerTest, MissingOrWrongContentTypeIsUnsupportedMediaType) {
  auto t = target();
  for (std::string type : {"application/json", "text/plain", "application/x-amz-json-1.0",
                           "application/x-amz-json-1.11", ""}) {
    Request r = Request::of("CreateRepository", {{"repositoryName", "content-type"}});
    r.headers = {{"Content-Type", type}};
    EXPECT_TRUE(is_error(t->send(r), 400, "UnsupportedMediaTypeException")) << "'" << type << "'";
  }
  // No Content-Type header at all, exactly as sent.
  std::string body = R"({"repositoryName":"content-type"})";
  std::string request = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: " + target_prefix() +
                        ".CreateRepository\r\nContent-Length: " + std::to_string(body.size()) +
                        "\r\n\r\n" + body;
  EXPECT_TRUE(is_error(exchange(request), 400, "UnsupportedMediaTypeException"));
  // The parameters on the right media type are accepted.
  Request with_charset = Request::of("CreateRepository", {{"repositoryName", "content-type"}});
  with_charset.headers = {{"Content-Type", "application/x-amz-json-1.1; charset=utf-8"}};
  EXPECT_TRUE(succeeded(t->send(with_charset))) << "nothing was created before";
  EXPECT_TRUE(still_serves());
}

TEST_F(ServerTest, NumberBeyond64BitsIsInvalidParameter) {
  auto t = target();
  std::string upload_id = new_upload(*t, "big-number");
  ASSERT_FALSE(upload_id.empty());
  for (std::string number : {"18446744073709551616", "184467440737095516160",
                             "-9223372036854775809", "99999999999999999999999999999999"}) {
    Request r;
    r.operation = "UploadLayerPart";
    r.body = R"({"repositoryName":"big-number","uploadId":")" + upload_id +
             R"(","partFirstByte":)" + number + R"(,"partLastByte":0,"layerPartBlob":"YQ=="})";
    EXPECT_TRUE(is_error(t->send(r), 400, "InvalidParameterException")) << number;
  }
  // Nothing moved: the first part is still expected at byte 0.
  auto first = t->send(part_request("big-number", upload_id, 0, 0, "a"));
  ASSERT_TRUE(succeeded(first));
  EXPECT_EQ(first.json->value("lastByteReceived", std::int64_t{-1}), 0);
  EXPECT_TRUE(still_serves());
}

TEST_F(ServerTest, InvalidBase64IsInvalidParameter) {
  auto t = target();
  std::string upload_id = new_upload(*t, "bad-base64");
  ASSERT_FALSE(upload_id.empty());
  for (std::string blob : {"Y@==", "YQ=", "YQ", "YQ==YQ==", " YQ==", "YQ==\\n", "Y=Q=", "****"}) {
    Request r;
    r.operation = "UploadLayerPart";
    r.body = R"({"repositoryName":"bad-base64","uploadId":")" + upload_id +
             R"(","partFirstByte":0,"partLastByte":0,"layerPartBlob":")" + blob + R"("})";
    EXPECT_TRUE(is_error(t->send(r), 400, "InvalidParameterException")) << blob;
  }
  auto first = t->send(part_request("bad-base64", upload_id, 0, 0, "a"));
  ASSERT_TRUE(succeeded(first));
  EXPECT_EQ(first.json->value("lastByteReceived", std::int64_t{-1}), 0);
  EXPECT_TRUE(still_serves());
}

TEST_F(ServerTest, GetAndOtherPathsAreRefused) {
  auto t = target();
  Request get = Request::of("CreateRepository", json::object());
  get.method = "GET";
  get.body.clear();
  EXPECT_TRUE(is_error(t->send(get), 405, "UnknownOperationException")) << "GET /";
  for (std::string method : {"PUT", "DELETE"}) {
    Request r = Request::of("CreateRepository", {{"repositoryName", "other-method"}});
    r.method = method;
    EXPECT_TRUE(is_error(t->send(r), 405, "UnknownOperationException")) << method;
  }
  Request elsewhere = Request::of("CreateRepository", {{"repositoryName", "other-path"}});
  elsewhere.path = "/v2/";
  EXPECT_TRUE(is_error(t->send(elsewhere), 404, "UnknownOperationException")) << "POST /v2/";
  EXPECT_TRUE(still_serves());
}

std::size_t max_body_bytes() {
  const Spec& spec = Spec::get();
  return spec.max_body_bytes(
      std::max(Profile::load("ecr").max_part_bytes, *spec.shape("LayerPartBlob").max));
}

// The body announced and sent in full: 413, and the server goes on.
TEST_F(ServerTest, BodyOverTheMaximumIs413) {
  const std::size_t max = max_body_bytes();
  const std::string body(2 * max, 'A');
  Response r = exchange(raw_request("UploadLayerPart", body), 30s);
  EXPECT_TRUE(is_error(r, 413, "RequestEntityTooLargeException"));
  EXPECT_NE(r.body.find("at most " + std::to_string(max) + " bytes"), std::string::npos) << r.body;
  // One byte over the maximum is already too large.
  EXPECT_TRUE(is_error(exchange(raw_request("UploadLayerPart", std::string(max + 1, 'A')), 30s),
                       413, "RequestEntityTooLargeException"));
  EXPECT_TRUE(still_serves());
}

// spec/requirements.json PROTO-PROBE-OVERSIZE-BODY: a body longer than any valid request is
// refused with 413 before it is read, so that a client announcing a huge Content-Length and
// sending nothing cannot hold a worker thread (a dozen of them once held every one).
TEST_F(ServerTest, ContentLengthFarOverTheMaximumIs413WithoutTheBody) {
  std::vector<std::unique_ptr<RawConnection>> connections;
  const std::string head =
      raw_request("UploadLayerPart", "", "Content-Length: 1099511627776\r\n");  // 1 TiB
  for (int i = 0; i < 16; ++i) {
    connections.push_back(std::make_unique<RawConnection>(port_));
    ASSERT_TRUE(connections.back()->connected());
    ASSERT_TRUE(connections.back()->send(head));
  }
  // More connections than worker threads (8): each is closed once answered, as a client does,
  // which frees its worker for the next. An answered connection left open would hold its
  // worker for the keep-alive time (5 s, httplib's), racing this test's timeout.
  for (auto& c : connections) {
    std::string why;
    auto r = c->receive(kAnswerTimeout, &why);
    ASSERT_TRUE(r.has_value()) << why;
    EXPECT_TRUE(is_error(*r, 413, "RequestEntityTooLargeException"));
    c->close();
  }
  EXPECT_TRUE(still_serves());
}

TEST_F(ServerTest, MalformedRequestLineIsSerializationException) {
  for (const std::string& line : std::vector<std::string>{
           "GARBAGE", "POST", "POST /", "POST / HTTP/9.9", "POST / HTTP/1.1 extra",
           std::string("\x01\x02\x03\xff", 4), "/ POST HTTP/1.1"}) {
    std::string body = R"({"repositoryName":"request-line"})";
    std::string request =
        line + "\r\nHost: 127.0.0.1\r\nContent-Type: " + Spec::get().protocol.content_type +
        "\r\nX-Amz-Target: " + target_prefix() +
        ".CreateRepository\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    EXPECT_TRUE(is_error(exchange(request), 400, "SerializationException"))
        << "request line: " << line;
  }
  // None of them created the repository.
  auto t = target();
  EXPECT_TRUE(succeeded(call(*t, "CreateRepository", {{"repositoryName", "request-line"}})));
  EXPECT_TRUE(still_serves());
}

TEST_F(ServerTest, OverlongHeaderLineIsSerializationException) {
  std::string body = R"({"repositoryName":"header-line"})";
  for (std::size_t size : {9'000u, 100'000u}) {
    std::string header = "X-Long: " + std::string(size, 'a') + "\r\n";
    EXPECT_TRUE(is_error(exchange(raw_request("CreateRepository", body, header)), 400,
                         "SerializationException"))
        << size << "-byte header line";
  }
  std::string name = "X-" + std::string(20'000, 'n') + ": 1\r\n";
  EXPECT_TRUE(is_error(exchange(raw_request("CreateRepository", body, name)), 400,
                       "SerializationException"))
      << "20000-byte header name";
  auto t = target();
  EXPECT_TRUE(succeeded(call(*t, "CreateRepository", {{"repositoryName", "header-line"}})));
  EXPECT_TRUE(still_serves());
}

// A Content-Length that is not one number is refused before the body is read (RFC 9112
// section 6.3, MUST: conflicting lengths are request-smuggling ground).
TEST_F(ServerTest, ContentLengthThatIsNotOneNumberIs400) {
  int n = 0;
  for (const std::string& broken : std::vector<std::string>{
           "Content-Length: @LEN@\r\nContent-Length: 3\r\n", "Content-Length: abc\r\n",
           "Content-Length: -5\r\n", "Content-Length: 3 1\r\n"}) {
    std::string repository = "broken-length-" + std::to_string(++n);
    std::string body = R"({"repositoryName":")" + repository + R"("})";
    std::string extra = broken;
    if (auto at = extra.find("@LEN@"); at != std::string::npos)
      extra.replace(at, 5, std::to_string(body.size()));
    EXPECT_TRUE(is_error(exchange(raw_request("CreateRepository", body, extra)), 400,
                         "SerializationException"))
        << broken;
  }
  EXPECT_TRUE(still_serves());
}

// DISABLED: cpp-httplib, which reads the headers before the reference sees them, skips header
// lines it cannot parse, so these requests are executed (HTTP 200) where RFC 9112 section 5.1
// asks for 400 (whitespace between a field name and its colon is a MUST).
TEST_F(ServerTest, DISABLED_HeaderLinesThatBreakTheMessageAre400) {
  int n = 0;
  for (const std::string& broken :
       std::vector<std::string>{"this line has no colon\r\n", "Bad Name: 1\r\n", "Host : x\r\n",
                                "X-Amz-Target : " + target_prefix() + ".CreateRepository\r\n"}) {
    std::string repository = "broken-header-" + std::to_string(++n);
    std::string body = R"({"repositoryName":")" + repository + R"("})";
    std::string extra = broken + "Content-Length: " + std::to_string(body.size()) + "\r\n";
    EXPECT_TRUE(is_error(exchange(raw_request("CreateRepository", body, extra)), 400,
                         "SerializationException"))
        << broken;
  }
  EXPECT_TRUE(still_serves());
}

// A request with neither Content-Length nor Transfer-Encoding has an empty body (RFC 9112
// section 6.3, rule 7), which the handler reads as {}.
TEST_F(ServerTest, RequestWithoutContentLengthHasAnEmptyBody) {
  std::string request =
      "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + Spec::get().protocol.content_type +
      "\r\nX-Amz-Target: " + target_prefix() + ".CreateRepository\r\n\r\n";
  EXPECT_TRUE(is_error(exchange(request), 400, "InvalidParameterException"));
  EXPECT_TRUE(still_serves());
}

TEST_F(ServerTest, ConnectionDroppedHalfwayThroughABodyChangesNothing) {
  auto t = target();
  std::string upload_id = new_upload(*t, "dropped");
  ASSERT_FALSE(upload_id.empty());
  std::string body = part_request("dropped", upload_id, 0, 0, "a").body;
  {
    RawConnection c(port_);
    ASSERT_TRUE(c.connected());
    std::string request = raw_request("UploadLayerPart", "", "Content-Length: 1000\r\n");
    ASSERT_TRUE(c.send(request + body.substr(0, 10)));
    c.close();
  }
  {  // The whole body but one byte, then gone.
    RawConnection c(port_);
    ASSERT_TRUE(c.connected());
    std::string request = raw_request("UploadLayerPart", body);
    ASSERT_TRUE(c.send(std::string_view(request).substr(0, request.size() - 1)));
    c.close();
  }
  EXPECT_TRUE(still_serves());
  // Nothing of either request was taken: the first part is still expected at byte 0.
  auto first = t->send(part_request("dropped", upload_id, 0, 0, "a"));
  ASSERT_TRUE(succeeded(first));
  EXPECT_EQ(first.json->value("lastByteReceived", std::int64_t{-1}), 0);
}

// SIGTERM stops the server promptly even while connections are open: idle, kept alive, or in
// the middle of a request.
TEST_F(ServerTest, SigtermStopsPromptlyWithConnectionsOpen) {
  RawConnection idle(port_), halfway(port_);
  ASSERT_TRUE(idle.connected());
  ASSERT_TRUE(halfway.connected());
  ASSERT_TRUE(halfway.send("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  auto keep_alive = target();  // a connection that served a request and stays open
  ASSERT_TRUE(succeeded(call(*keep_alive, "CreateRepository", {{"repositoryName", "open"}})));
  EXPECT_TRUE(exits_with(server_.terminate(2s), 0)) << "within 2 s of SIGTERM";
}

// --- races -------------------------------------------------------------------------------------

// A server whose profile is ECR's but with no minimum part size, so that many tiny racing
// parts still complete into a layer whose digest shows which bytes were kept.
class ServerRaceTest : public ServerTest {
 protected:
  std::vector<std::string> server_args() override {
    const Profile ecr = Profile::load("ecr");
    json profile = {{"name", "ecr-no-minimum"},
                    {"source", "server_test.cpp: the ecr profile without a minimum part size"},
                    {"minPartBytes", 1},
                    {"maxPartBytes", ecr.max_part_bytes},
                    {"partSize", ecr.part_size},
                    {"maxPartsPerLayer", ecr.max_parts_per_layer},
                    {"maxLayerBytes", ecr.max_layer_bytes},
                    {"uploadLifetimeSeconds", ecr.upload_lifetime_seconds},
                    {"maxOpenUploadsPerRepository", ecr.max_open_uploads_per_repository},
                    {"registryId", ecr.registry_id},
                    {"region", ecr.region}};
    profile_path_ = std::filesystem::temp_directory_path() /
                    ("ulp-server-test-profile-" + std::to_string(::getpid()) + ".json");
    std::ofstream(profile_path_) << profile.dump();
    return {"--host", "127.0.0.1", "--port", "0", "--profile", profile_path_.string()};
  }
  void TearDown() override {
    ServerTest::TearDown();
    std::error_code ignored;
    std::filesystem::remove(profile_path_, ignored);
  }
  std::filesystem::path profile_path_;
};

TEST_F(ServerRaceTest, TwoClientsRacingForTheNextPartAtMostOneIsAccepted) {
  constexpr int kRounds = 300;
  auto setup = target();
  std::string upload_id = new_upload(*setup, "race");
  ASSERT_FALSE(upload_id.empty());
  std::unique_ptr<HttpTarget> clients[2] = {target(), target(true)};

  std::string kept;  // the bytes of the parts accepted, in order
  std::int64_t next = 0;
  int refusals = 0;
  for (int round = 0; round < kRounds; ++round) {
    const std::size_t size = 1 + static_cast<std::size_t>(round % 13);
    const std::string bytes[2] = {bytes_of(size, 2 * round + 100), bytes_of(size, 2 * round + 101)};
    Response answers[2];
    std::latch go(1);
    {
      std::jthread racers[2];
      for (int i = 0; i < 2; ++i)
        racers[i] = std::jthread([&, i] {
          Request r = part_request("race", upload_id, next,
                                   next + static_cast<std::int64_t>(size) - 1, bytes[i]);
          go.wait();
          answers[i] = clients[i]->send(r);
        });
      go.count_down();
    }
    int accepted = 0;
    for (int i = 0; i < 2; ++i) {
      if (answers[i].ok()) {
        ++accepted;
        kept += bytes[i];
        ASSERT_TRUE(succeeded(answers[i])) << "round " << round;
        EXPECT_EQ(answers[i].json->value("lastByteReceived", std::int64_t{-1}),
                  next + static_cast<std::int64_t>(size) - 1);
      } else {
        ++refusals;
        EXPECT_TRUE(is_error(answers[i], 400, "InvalidLayerPartException")) << "round " << round;
        EXPECT_EQ(answers[i]
                      .json.value_or(json::object())
                      .value("lastValidByteReceived", std::int64_t{-1}),
                  next + static_cast<std::int64_t>(size) - 1)
            << "round " << round << ": refused only because the other part was accepted";
      }
    }
    ASSERT_LE(accepted, 1) << "round " << round << ": both racing parts were accepted";
    ASSERT_EQ(accepted, 1) << "round " << round << ": neither part was accepted";
    next += static_cast<std::int64_t>(size);
  }
  EXPECT_EQ(refusals, kRounds);

  // The layer is exactly the accepted parts, in order: no byte lost, none mixed in.
  const std::string digest = "sha256:" + Sha256::hex_of(kept);
  auto completed = call(*setup, "CompleteLayerUpload",
                        {{"repositoryName", "race"},
                         {"uploadId", upload_id},
                         {"layerDigests", json::array({digest})}});
  ASSERT_TRUE(succeeded(completed));
  EXPECT_EQ(completed.json->value("layerDigest", ""), digest);
  auto checked = call(*setup, "BatchCheckLayerAvailability",
                      {{"repositoryName", "race"}, {"layerDigests", json::array({digest})}});
  ASSERT_TRUE(succeeded(checked));
  ASSERT_EQ(checked.json->value("layers", json::array()).size(), 1u) << checked.body;
  EXPECT_EQ(checked.json->at("layers")[0].value("layerSize", std::int64_t{0}),
            static_cast<std::int64_t>(kept.size()));
}

// --- the process itself -------------------------------------------------------------------------

class ServerProcessTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { std::signal(SIGPIPE, SIG_IGN); }
};

TEST_F(ServerProcessTest, RunsEveryListedMutantAndStopsOnSigterm) {
  std::vector<std::string> names;
  {
    ServerProcess lister;
    ASSERT_TRUE(lister.spawn({"--list-mutants"}));
    std::istringstream out(lister.rest_of_stdout(kStartTimeout));
    EXPECT_TRUE(exits_with(lister.wait_exit(kStopTimeout), 0)) << "--list-mutants";
    for (std::string line; std::getline(out, line);)
      if (!line.empty()) names.push_back(line.substr(0, line.find('\t')));
  }
  // The list is the reference's own, one line per mutant: durability's first.
  std::vector<MutantInfo> listed = durability_mutants();
  listed.insert(listed.end(), mutants().begin(), mutants().end());
  ASSERT_EQ(names.size(), listed.size());
  for (std::size_t i = 0; i < names.size(); ++i) EXPECT_EQ(names[i], listed[i].name);

  for (const auto& name : names) {
    SCOPED_TRACE("--mutant " + name);
    ServerProcess server;
    ASSERT_TRUE(server.spawn({"--host", "127.0.0.1", "--port", "0", "--mutant", name}, true));
    int port = 0;
    ASSERT_TRUE(read_listening_port(server, &port));
    {  // It serves; the connection is closed before the server is stopped.
      HttpTargetOptions o;
      o.endpoint_url = "http://127.0.0.1:" + std::to_string(port);
      o.read_timeout_seconds = 10;
      HttpTarget t(o);
      auto r = t.send(Request::of("CreateRepository", {{"repositoryName", "mutant"}}));
      EXPECT_NE(r.status, 0) << "no answer: " << r.transport_error;
    }
    EXPECT_TRUE(exits_with(server.terminate(kStopTimeout), 0)) << "after SIGTERM";
    EXPECT_NE(server.captured_stderr(kStopTimeout).find("MUTANT " + name + " is active"),
              std::string::npos);
  }
}

TEST_F(ServerProcessTest, UnknownMutantIsRefusedWithExitCode2) {
  ServerProcess server;
  ASSERT_TRUE(
      server.spawn({"--host", "127.0.0.1", "--port", "0", "--mutant", "no-such-mutant"}, true));
  EXPECT_EQ(server.rest_of_stdout(kStartTimeout), "") << "it must not start listening";
  EXPECT_TRUE(exits_with(server.wait_exit(kStopTimeout), 2));
  EXPECT_NE(server.captured_stderr(kStopTimeout).find("no-such-mutant"), std::string::npos);
}

}  // namespace
}  // namespace ulp::reference
