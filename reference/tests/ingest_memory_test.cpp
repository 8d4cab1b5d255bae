// The server's memory after ingesting parts: it must not keep what a part took. Ten
// 20 MiB parts, each an upload of its own on a new connection (so that several of the
// server's threads serve one), then the process's resident size, measured in this process
// where the server runs. Not timed: only memory is measured.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <string>
#include <thread>

#include "core/base64.hpp"
#include "core/spec.hpp"
#include "reference/engine.hpp"
#include "reference/handler.hpp"
#include "reference/server.hpp"

namespace ulp::reference {
namespace {

constexpr std::size_t kPart = 20 << 20;
constexpr long kIdleLimitKib = 64 << 10;

long resident_kib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

// A body held outside malloc's heap and given back whole, so that only the server's
// memory remains when it is unmapped.
struct MappedBody {
  explicit MappedBody(std::size_t capacity)
      : data(static_cast<char*>(
            mmap(nullptr, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))),
        capacity(capacity) {}
  ~MappedBody() { munmap(data, capacity); }
  void append(std::string_view s) {
    std::memcpy(data + size, s.data(), s.size());
    size += s.size();
  }
  char* data;
  std::size_t capacity, size = 0;
};

// One request on a new connection; the answer's status line and body.
std::string post_once(int port, const std::string& head, const MappedBody& body) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return "no connection";
  auto send_all = [fd](const char* p, std::size_t n) {
    while (n > 0) {
      ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
      if (k <= 0) return false;
      p += k;
      n -= static_cast<std::size_t>(k);
    }
    return true;
  };
  std::string answer;
  if (send_all(head.data(), head.size()) && send_all(body.data, body.size)) {
    char buf[4096];
    ssize_t k;
    while ((k = recv(fd, buf, sizeof buf, 0)) > 0) answer.append(buf, static_cast<std::size_t>(k));
  }
  close(fd);
  return answer;
}

TEST(IngestMemory, IdleResidentSizeAfterTenSinglePartConnectionsIsAtMost64MiB) {
  EngineOptions options;
  options.seed = 7;
  Engine engine(options);
  Handler handler(engine);
  Server server(handler);
  const int port = server.bind("127.0.0.1", 0);
  ASSERT_GT(port, 0);
  std::thread serving([&] { server.serve(); });
  ASSERT_TRUE(std::holds_alternative<nlohmann::json>(engine.create_repository({"", "memory"})));

  const Protocol& p = Spec::get().protocol;
  for (int i = 0; i < 10; ++i) {
    auto initiated = engine.initiate_layer_upload({"", "memory"});
    ASSERT_TRUE(std::holds_alternative<Initiated>(initiated));
    const std::string upload_id = std::get<Initiated>(initiated).upload_id;
    std::string answer;
    {
      MappedBody body(kPart / 3 * 4 + 4096);
      body.append(R"({"repositoryName":"memory","uploadId":")" + upload_id +
                  R"(","partFirstByte":0,"partLastByte":)" + std::to_string(kPart - 1) +
                  R"(,"layerPartBlob":")");
      std::string bytes(3 << 10, '\0'), text;
      for (std::size_t at = 0; at < kPart; at += bytes.size()) {
        for (std::size_t j = 0; j < bytes.size(); ++j)
          bytes[j] = static_cast<char>((at + j) * 2654435761u >> 13);
        text.clear();
        base64::encode_append(std::string_view(bytes).substr(0, std::min(bytes.size(), kPart - at)),
                              text);
        body.append(text);
      }
      body.append(R"("})");
      const std::string head =
          "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + p.content_type + "\r\n" +
          p.target_header + ": " + p.target_prefix +
          ".UploadLayerPart\r\nContent-Length: " + std::to_string(body.size) +
          "\r\nConnection: close\r\n\r\n";
      answer = post_once(port, head, body);
    }
    ASSERT_NE(answer.find(" 200 "), std::string::npos) << answer.substr(0, 400);
    ASSERT_NE(answer.find("\"lastByteReceived\":" + std::to_string(kPart - 1)), std::string::npos)
        << answer.substr(0, 400);
  }
  const long idle = resident_kib();
  server.stop();
  serving.join();
  std::cout << "idle resident size after 10 single-part connections: " << idle / 1024 << " MiB\n";
  ASSERT_GT(idle, 0);
  EXPECT_LE(idle, kIdleLimitKib) << "the server keeps what the parts took";
}

}  // namespace
}  // namespace ulp::reference
