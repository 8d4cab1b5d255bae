// ulp-bench-ingest: how fast the reference server ingests a large layer over loopback, how
// much memory it takes doing so, and where its time goes. Prints figures; asserts nothing
// (tools/bench runs it; the aims are reported as AIM MET / AIM MISSED, exit 0 either way).
//
//   ulp-bench-ingest                         1000 MiB in 20 MiB parts, then 260 MiB, then
//                                            4 clients at once with 250 MiB each, then 8
//                                            parts at once, then docker-registry
//   ulp-bench-ingest --layer-mib 200 --small-layer-mib 0 --no-breakdown
//
// Each run goes to a fresh build/bin/ulp-reference-server (a child process on 127.0.0.1,
// with a temporary --data-dir removed afterwards) through ulp::HttpTarget, unsigned. The
// layer's bytes are generated deterministically: a few part buffers (and their base64) are
// made once and reused, so that the client side stays cheap; its digest is computed once,
// beforehand (as a pushing client knows it from the image), and CompleteLayerUpload must
// accept it (no byte was lost). docker-registry (Debian's package, when installed) ingests
// the same bytes as raw PATCH chunks, started on loopback with a temporary root.
#include <fcntl.h>
#include <malloc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

#include "core/aws_json.hpp"
#include "core/base64.hpp"
#include "core/child_process.hpp"
#include "core/http_target.hpp"
#include "core/sha256.hpp"
#include "core/spec.hpp"
#include "core/validate.hpp"
#include "reference/handler.hpp"
#include "reference/layer_store.hpp"
#include "reference/part_stream.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

// Stops everything when the benchmark runs past its time: a child server is killed and its
// data directory removed, so that no run outlives its bound.
struct Watchdog {
  std::atomic<pid_t> server{-1};
  std::mutex mutex;
  fs::path data_dir;
};
Watchdog watchdog;

double seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}
double ms(Clock::duration d) {
  return seconds(d) * 1000.0;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

std::string fixed(double v, int decimals = 1) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// Deterministic bytes (xorshift64*), incompressible like a gzipped layer.
std::string make_bytes(std::size_t n, std::uint64_t seed) {
  std::string out(n, '\0');
  std::uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    std::uint64_t v = x * 0x2545F4914F6CDD1Dull;
    std::memcpy(out.data() + i, &v, 8);
  }
  for (; i < n; ++i) out[i] = static_cast<char>(i * 131 + seed);
  return out;
}

// The parts of a layer: part i is buffer i % distinct (its slot); the last part, when
// smaller, is a prefix of its buffer with its own base64, in a slot of its own.
class Layer {
 public:
  Layer(const std::vector<std::string>& buffers, const std::vector<std::string>& base64s,
        std::uint64_t layer_bytes, std::uint64_t part_bytes)
      : buffers_(buffers), base64s_(base64s), bytes_(layer_bytes), part_bytes_(part_bytes) {
    parts_ = (layer_bytes + part_bytes - 1) / part_bytes;
    std::uint64_t tail = layer_bytes - (parts_ - 1) * part_bytes;
    if (tail != part_bytes) {
      tail_ = buffers_[(parts_ - 1) % buffers_.size()].substr(0, tail);
      tail_base64_ = ulp::base64::encode(tail_);
    }
  }
  std::uint64_t parts() const { return parts_; }
  std::uint64_t bytes() const { return bytes_; }
  std::uint64_t first_byte(std::uint64_t i) const { return i * part_bytes_; }
  std::size_t slots() const { return buffers_.size() + (tail_.empty() ? 0 : 1); }
  std::size_t slot(std::uint64_t i) const {
    if (i + 1 == parts_ && !tail_.empty()) return buffers_.size();
    return static_cast<std::size_t>(i % buffers_.size());
  }
  std::string_view part(std::uint64_t i) const {
    std::size_t s = slot(i);
    return s == buffers_.size() ? std::string_view(tail_) : std::string_view(buffers_[s]);
  }
  std::string_view slot_base64(std::size_t s) const {
    return s == buffers_.size() ? std::string_view(tail_base64_) : std::string_view(base64s_[s]);
  }

 private:
  const std::vector<std::string>& buffers_;
  const std::vector<std::string>& base64s_;
  std::uint64_t bytes_, part_bytes_, parts_ = 0;
  std::string tail_, tail_base64_;
};

// /proc/<pid>/status fields, in KiB.
std::optional<long> proc_status_kib(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  return std::nullopt;
}

// utime + stime of a process, in seconds.
double proc_cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(stat.substr(close + 2));
  std::string f;
  double ticks = 0;
  for (int i = 3; fields >> f; ++i) {
    if (i == 14 || i == 15) ticks += std::stod(f);
    if (i == 15) break;
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double self_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// ulp-reference-server as a child process on a loopback port.
class ServerProcess {
 public:
  // `fsync` empty: a temporary data directory under `data_dir` (not durable); else a durable
  // --data-dir with that --fsync policy.
  ServerProcess(const std::string& binary, const fs::path& data_dir,
                const std::string& fsync = "") {
    ulp::ChildProcess::Options o;
    o.argv = {binary, "--host", "127.0.0.1", "--port", "0", "--repository", "bench"};
    if (fsync.empty())
      o.env.emplace_back("TMPDIR", data_dir.string());  // its temporary directory goes there
    else
      o.argv.insert(o.argv.end(), {"--data-dir", data_dir.string(), "--fsync", fsync});
    // Its notes (the data directory's line, authentication) stay out of the report.
    o.stderr_to = ulp::ChildProcess::Stderr::file;
    o.stderr_file = data_dir / "server-stderr.txt";
    std::string why;
    if (!child_.spawn(o, &why)) throw std::runtime_error("cannot run " + binary + ": " + why);
    watchdog.server = child_.pid();
    const auto line = child_.read_line(std::chrono::seconds(30));
    const auto port = line ? ulp::listening_port(*line) : std::nullopt;
    if (!port) {
      stop();
      throw std::runtime_error("the server did not say where it listens: '" + line.value_or("") +
                               "'");
    }
    url_ = "http://127.0.0.1:" + std::to_string(*port);
  }
  ~ServerProcess() { stop(); }

  pid_t pid() const { return child_.pid(); }
  const std::string& url() const { return url_; }
  // A crash: no chance to finish anything.
  void kill_now() {
    child_.kill();
    watchdog.server = -1;
  }
  void stop() {
    if (!child_.running()) return;
    if (!child_.terminate(std::chrono::seconds(10))) child_.kill();
    watchdog.server = -1;
  }

 private:
  ulp::ChildProcess child_;
  std::string url_;
};

fs::path make_temp_dir(const fs::path& parent, const std::string& name) {
  std::string tmpl = (parent / (name + "-XXXXXX")).string();
  if (!mkdtemp(tmpl.data()))
    throw std::runtime_error("cannot make a directory under " + parent.string() + ": " +
                             strerror(errno));
  return tmpl;
}

struct TempDir {
  fs::path path;
  ~TempDir() {
    std::error_code ignored;
    if (!path.empty()) fs::remove_all(path, ignored);
  }
};

// The bodies of a layer's parts, built once per slot, with the members in the order clients
// send them (the blob last, as botocore and HttpTarget do). The members before the blob are
// padded with spaces to a fixed width, so that a part's body is its slot's body with only
// that short head rewritten in place: no 28 MB copy or allocation per part on the client.
class PartBodies {
 public:
  PartBodies(const Layer& layer, const std::string& upload_id, const std::string& repository)
      : layer_(layer), id_(upload_id), repository_(repository), requests_(layer.slots()) {}
  // The request for part i; valid until the next call for a part of the same slot.
  const ulp::Request& request(std::uint64_t i) {
    const std::size_t slot = layer_.slot(i);
    ulp::Request& r = requests_[slot];
    if (r.body.empty()) {  // built when first needed
      const std::size_t head = head_of(0, 0).size();
      r.operation = "UploadLayerPart";
      r.body.reserve(head + layer_.slot_base64(slot).size() + 2);
      r.body.assign(head, ' ');
      r.body += layer_.slot_base64(slot);
      r.body += "\"}";
    }
    auto first = static_cast<std::int64_t>(layer_.first_byte(i));
    auto last = first + static_cast<std::int64_t>(layer_.part(i).size()) - 1;
    const std::string head = head_of(first, last);
    r.body.replace(0, head.size(), head);
    return r;
  }

 private:
  std::string head_of(std::int64_t first, std::int64_t last) const {
    auto padded = [](std::int64_t v) {
      std::string s = std::to_string(v);
      return s + std::string(20 - s.size(), ' ');
    };
    return "{\"repositoryName\":\"" + repository_ + "\",\"uploadId\":\"" + id_ +
           "\",\"partFirstByte\":" + padded(first) + ",\"partLastByte\":" + padded(last) +
           ",\"layerPartBlob\":\"";
  }

  const Layer& layer_;
  std::string id_, repository_;
  std::vector<ulp::Request> requests_;
};

struct RunResult {
  std::uint64_t bytes = 0, parts = 0;
  int clients = 1;
  double seconds = 0;  // first part sent .. last part answered
  double mib_per_s = 0;
  long peak_rss_kib = 0, rss_kib = 0, idle_rss_kib = 0;
  double server_cpu_seconds = 0, client_cpu_seconds = 0;
  std::vector<double> part_ms;
  std::string digest;
  std::string error;  // empty: every part accepted and the layer completed with its digest
};

// The bench's client to a server on loopback: every wait bounded by the bench's timeout.
ulp::HttpTargetOptions client_options(const std::string& url, int timeout_seconds) {
  ulp::HttpTargetOptions options;
  options.endpoint_url = url;
  options.connect_timeout_seconds = timeout_seconds;
  options.read_timeout_seconds = timeout_seconds;
  return options;
}

// One client's upload of a whole layer into its own repository: every part, one after
// another on one connection, then CompleteLayerUpload with the layer's digest (known before,
// as a pushing client knows it from the image): accepted only when no byte was lost.
std::string upload_layer(const std::string& url, const std::string& repository, const Layer& layer,
                         const std::string& digest, int timeout_seconds,
                         std::vector<double>& part_ms) {
  ulp::HttpTarget target(client_options(url, timeout_seconds));
  auto r = target.send(ulp::Request::of("CreateRepository", {{"repositoryName", repository}}));
  if (!r.ok() && r.error_type != "RepositoryAlreadyExistsException")
    return "CreateRepository: " + std::to_string(r.status) + " " + r.error_type;
  r = target.send(ulp::Request::of("InitiateLayerUpload", {{"repositoryName", repository}}));
  if (!r.ok() || !r.json || !r.json->contains("uploadId"))
    return "InitiateLayerUpload: " + std::to_string(r.status) + " " + r.error_type + " " +
           r.transport_error;
  const std::string upload_id = (*r.json)["uploadId"];
  PartBodies bodies(layer, upload_id, repository);
  for (std::uint64_t i = 0; i < layer.parts(); ++i) {
    const ulp::Request& request = bodies.request(i);
    const auto p0 = Clock::now();
    r = target.send(request);
    part_ms.push_back(ms(Clock::now() - p0));
    const auto last = static_cast<std::int64_t>(layer.first_byte(i) + layer.part(i).size()) - 1;
    if (!r.ok() || !r.json || r.json->value("lastByteReceived", std::int64_t{-1}) != last)
      return "UploadLayerPart " + std::to_string(i) + ": status " + std::to_string(r.status) + " " +
             r.error_type + " " + r.transport_error + " " + r.body.substr(0, 200);
  }
  r = target.send(ulp::Request::of(
      "CompleteLayerUpload",
      {{"repositoryName", repository}, {"uploadId", upload_id}, {"layerDigests", {digest}}}));
  if (!r.ok() || !r.json || r.json->value("layerDigest", "") != digest)
    return "CompleteLayerUpload: status " + std::to_string(r.status) + " " + r.error_type + " " +
           r.body.substr(0, 200);
  return "";
}

// `clients` clients at once, each uploading `layer` into a repository of its own, to a fresh
// server; the server's peak and idle resident size.
RunResult upload(const std::string& server_binary, const fs::path& tmp_parent, const Layer& layer,
                 const std::string& digest, int timeout_seconds, int clients = 1,
                 const std::string& fsync = "") {
  RunResult out;
  out.clients = clients;
  out.bytes = layer.bytes() * static_cast<std::uint64_t>(clients);
  out.parts = layer.parts() * static_cast<std::uint64_t>(clients);
  TempDir data{make_temp_dir(tmp_parent, "ulp-bench-data")};
  {
    std::lock_guard lock(watchdog.mutex);
    watchdog.data_dir = data.path;
  }
  ServerProcess server(server_binary, data.path, fsync);
  std::vector<std::vector<double>> part_ms(static_cast<std::size_t>(clients));
  std::vector<std::string> errors(static_cast<std::size_t>(clients));
  const double cpu0 = self_cpu_seconds();
  const double server_cpu0 = proc_cpu_seconds(server.pid());
  const auto t0 = Clock::now();
  {
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c)
      threads.emplace_back([&, c] {
        errors[static_cast<std::size_t>(c)] =
            upload_layer(server.url(), "bench-" + std::to_string(c), layer, digest, timeout_seconds,
                         part_ms[static_cast<std::size_t>(c)]);
      });
    for (auto& t : threads) t.join();
  }
  out.seconds = seconds(Clock::now() - t0);
  out.client_cpu_seconds = self_cpu_seconds() - cpu0;
  out.server_cpu_seconds = proc_cpu_seconds(server.pid()) - server_cpu0;
  out.mib_per_s = static_cast<double>(out.bytes) / kMiB / out.seconds;
  out.digest = digest;
  for (std::size_t c = 0; c < errors.size(); ++c) {
    out.part_ms.insert(out.part_ms.end(), part_ms[c].begin(), part_ms[c].end());
    if (out.error.empty() && !errors[c].empty())
      out.error = "client " + std::to_string(c) + ": " + errors[c];
  }
  out.peak_rss_kib = proc_status_kib(server.pid(), "VmHWM").value_or(0);
  out.rss_kib = proc_status_kib(server.pid(), "VmRSS").value_or(0);
  // Idle: every request answered and a moment passed.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  out.idle_rss_kib = proc_status_kib(server.pid(), "VmRSS").value_or(0);
  server.stop();
  return out;
}

// `parts` parts of `part_bytes` sent at once, each by a client of its own into an upload of
// its own, to a fresh server: its peak resident size (VmHWM), in KiB; -1 on failure.
long concurrent_parts_peak_kib(const std::string& server_binary, const fs::path& tmp_parent,
                               const Layer& layer, int parts, int timeout_seconds,
                               std::string& error) {
  TempDir data{make_temp_dir(tmp_parent, "ulp-bench-data")};
  {
    std::lock_guard lock(watchdog.mutex);
    watchdog.data_dir = data.path;
  }
  ServerProcess server(server_binary, data.path);
  std::vector<std::string> errors(static_cast<std::size_t>(parts));
  std::vector<std::unique_ptr<ulp::HttpTarget>> targets;
  std::vector<std::unique_ptr<PartBodies>> bodies;
  for (int c = 0; c < parts; ++c) {
    targets.push_back(
        std::make_unique<ulp::HttpTarget>(client_options(server.url(), timeout_seconds)));
    auto r = targets.back()->send(
        ulp::Request::of("InitiateLayerUpload", {{"repositoryName", "bench"}}));
    if (!r.ok() || !r.json) {
      error = "InitiateLayerUpload: " + std::to_string(r.status) + " " + r.error_type;
      return -1;
    }
    bodies.push_back(std::make_unique<PartBodies>(layer, (*r.json)["uploadId"], "bench"));
  }
  std::vector<std::thread> threads;
  for (int c = 0; c < parts; ++c)
    threads.emplace_back([&, c] {
      auto r = targets[static_cast<std::size_t>(c)]->send(
          bodies[static_cast<std::size_t>(c)]->request(0));
      if (!r.ok())
        errors[static_cast<std::size_t>(c)] = std::to_string(r.status) + " " + r.error_type;
    });
  for (auto& t : threads) t.join();
  for (const auto& e : errors)
    if (!e.empty() && error.empty()) error = "UploadLayerPart: " + e;
  const long peak = proc_status_kib(server.pid(), "VmHWM").value_or(-1);
  server.stop();
  return error.empty() ? peak : -1;
}

// A durable server holding `uploads` open uploads of one 64 KiB part each is killed
// (SIGKILL) and started again on its directory: the milliseconds from the start to its
// listening line, and the line it printed about what it recovered.
double restart_ms(const std::string& server_binary, const fs::path& tmp_parent, int uploads,
                  int timeout_seconds, std::string& recovered, std::string& error) {
  TempDir data{make_temp_dir(tmp_parent, "ulp-bench-data")};
  {
    std::lock_guard lock(watchdog.mutex);
    watchdog.data_dir = data.path;
  }
  {
    ServerProcess server(server_binary, data.path, "always");
    ulp::HttpTarget target(client_options(server.url(), timeout_seconds));
    const std::string blob = ulp::base64::encode(make_bytes(64 << 10, 7));
    for (int i = 0; i < uploads && error.empty(); ++i) {
      auto r = target.send(ulp::Request::of("InitiateLayerUpload", {{"repositoryName", "bench"}}));
      if (!r.ok() || !r.json) {
        error = "InitiateLayerUpload: " + std::to_string(r.status) + " " + r.error_type;
        break;
      }
      r = target.send(ulp::Request::of("UploadLayerPart", {{"repositoryName", "bench"},
                                                           {"uploadId", (*r.json)["uploadId"]},
                                                           {"partFirstByte", 0},
                                                           {"partLastByte", (64 << 10) - 1},
                                                           {"layerPartBlob", blob}}));
      if (!r.ok()) error = "UploadLayerPart: " + std::to_string(r.status) + " " + r.error_type;
    }
    server.kill_now();
  }
  if (!error.empty()) return -1;
  const auto t0 = Clock::now();
  ServerProcess again(server_binary, data.path, "always");
  const double took = ms(Clock::now() - t0);
  std::ifstream notes(data.path / "server-stderr.txt");
  for (std::string line; std::getline(notes, line);)
    if (line.find("recovered") != std::string::npos) recovered = line;
  again.stop();
  return took;
}

// --- docker-registry, the peer ----------------------------------------------------------

struct PeerResult {
  bool ran = false;
  double mib_per_s = 0;
  long peak_rss_kib = 0;
  std::string error;
};

int free_loopback_port() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = -1;
  if (fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  if (fd >= 0) ::close(fd);
  return port;
}

// Debian's docker-registry (the distribution registry, Go) ingesting the same bytes as raw
// chunks of the blob upload API (PATCH), one client, on loopback with a temporary root.
PeerResult docker_registry(const std::string& binary, const fs::path& tmp_parent,
                           const Layer& layer, const std::string& digest, int timeout_seconds) {
  PeerResult out;
  if (!fs::exists(binary)) return out;
  out.ran = true;
  TempDir dir{make_temp_dir(tmp_parent, "ulp-bench-registry")};
  {
    std::lock_guard lock(watchdog.mutex);
    watchdog.data_dir = dir.path;
  }
  const int port = free_loopback_port();
  {
    std::ofstream config(dir.path / "config.yml");
    config << "version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\n"
           << "storage:\n  filesystem:\n    rootdirectory: " << (dir.path / "root").string()
           << "\nhttp:\n  addr: 127.0.0.1:" << port << "\n";
  }
  ulp::ChildProcess registry;
  ulp::ChildProcess::Options o;
  o.argv = {binary, "serve", (dir.path / "config.yml").string()};
  o.stderr_to = ulp::ChildProcess::Stderr::file;
  o.stderr_file = "/dev/null";
  if (!registry.spawn(o, &out.error)) return out;
  watchdog.server = registry.pid();
  auto stop = [&] {
    if (!registry.terminate(std::chrono::seconds(10))) registry.kill();
    watchdog.server = -1;
  };
  // Through HttpTarget, as the reference's parts go: the same client on both sides.
  ulp::HttpTarget target(
      client_options("http://127.0.0.1:" + std::to_string(port), timeout_seconds));
  auto plain = [](std::string method, std::string path, std::string body = {}) {
    ulp::Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.body = std::move(body);
    r.sign = false;
    r.omit_headers = {"X-Amz-Target"};
    r.headers = {{"Content-Type", "application/octet-stream"}};
    return r;
  };
  bool up = false;
  for (int i = 0; i < 100 && !up; ++i) {
    up = target.send(plain("GET", "/v2/")).status == 200;
    if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  auto path_of = [](std::string location) {
    if (auto scheme = location.find("://"); scheme != std::string::npos)
      location = location.substr(location.find('/', scheme + 3));
    return location;
  };
  std::string location;
  if (up) {
    auto r = target.send(plain("POST", "/v2/bench/blobs/uploads/"));
    if (r.status == 202) location = path_of(r.header("Location"));
  }
  if (location.empty()) {
    out.error = up ? "POST /v2/bench/blobs/uploads/ refused" : "it did not start";
    stop();
    return out;
  }
  // One request for each distinct part buffer, made before the clock starts, as PartBodies
  // does for the reference's uploads.
  std::map<std::pair<const char*, std::size_t>, ulp::Request> chunks;
  for (std::uint64_t i = 0; i < layer.parts(); ++i) {
    const std::string_view part = layer.part(i);
    auto [it, added] = chunks.try_emplace({part.data(), part.size()});
    if (added) it->second = plain("PATCH", "", std::string(part));
  }
  const auto t0 = Clock::now();
  for (std::uint64_t i = 0; i < layer.parts() && out.error.empty(); ++i) {
    const std::string_view part = layer.part(i);
    const auto first = layer.first_byte(i);
    ulp::Request& request = chunks.at({part.data(), part.size()});
    request.path = location;
    request.headers.erase("Content-Range");
    request.headers.emplace("Content-Range",
                            std::to_string(first) + "-" + std::to_string(first + part.size() - 1));
    auto r = target.send(request);
    if (r.status != 202)
      out.error = "PATCH " + std::to_string(i) + ": " +
                  (r.status ? std::to_string(r.status) : r.transport_error);
    else
      location = path_of(r.header("Location"));
  }
  const double secs = seconds(Clock::now() - t0);
  if (out.error.empty()) {
    auto r =
        target.send(plain("PUT", location + (location.find('?') == std::string::npos ? "?" : "&") +
                                     "digest=" + digest));
    if (r.status != 201)
      out.error =
          "PUT with the digest: " + (r.status ? std::to_string(r.status) : r.transport_error);
  }
  out.mib_per_s = static_cast<double>(layer.bytes()) / kMiB / secs;
  out.peak_rss_kib = proc_status_kib(registry.pid(), "VmHWM").value_or(0);
  stop();
  return out;
}

// --- where the time goes -----------------------------------------------------------------

struct Stage {
  std::string name;
  double ms = 0;
  std::string note;
};

template <class F>
double median_ms(int reps, F&& f) {
  std::vector<double> v;
  for (int i = 0; i < reps; ++i) {
    auto t = Clock::now();
    f();
    v.push_back(ms(Clock::now() - t));
  }
  return median(v);
}

// A body of `bytes` pushed through a loopback TCP connection, read in chunks of `chunk`
// bytes (poll() before each read when `poll_each`, as httplib 0.11's SocketStream does).
double loopback_ms(std::size_t bytes, std::size_t chunk, bool poll_each, int reps) {
  int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (listener < 0 || bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(listener, 1) != 0 || getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len))
    return std::nan("");
  int sender = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (connect(sender, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return std::nan("");
  int receiver = accept(listener, nullptr, nullptr);
  ::close(listener);
  std::string payload = make_bytes(bytes, 99), sink(bytes, '\0');
  std::vector<double> v;
  for (int rep = 0; rep < reps; ++rep) {
    auto t = Clock::now();
    std::thread send_side([&] {
      std::size_t done = 0;
      while (done < bytes) {
        ssize_t n = ::send(sender, payload.data() + done, bytes - done, MSG_NOSIGNAL);
        if (n <= 0) return;
        done += static_cast<std::size_t>(n);
      }
    });
    std::size_t got = 0;
    while (got < bytes) {
      if (poll_each) {
        pollfd p{receiver, POLLIN, 0};
        poll(&p, 1, 60000);
      }
      ssize_t n = ::recv(receiver, sink.data() + got, std::min(chunk, bytes - got), 0);
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    send_side.join();
    v.push_back(ms(Clock::now() - t));
  }
  ::close(sender);
  ::close(receiver);
  return median(v);
}

// A body's HTTP round trip over loopback from HttpTarget to a cpp-httplib server, as the
// uploads go: the server reads the body into one buffer reserved at its length (as
// reference/server.cpp does) and answers "{}".
double http_round_trip_ms(const std::string& body, int reps) {
  httplib::Server server;
  server.set_tcp_nodelay(true);
  server.set_payload_max_length(body.size());
  server.Post(".*", [](const httplib::Request& req, httplib::Response& res,
                       const httplib::ContentReader& read) {
    std::string received;
    received.reserve(static_cast<std::size_t>(std::stoull(req.get_header_value("Content-Length"))));
    read([&](const char* data, std::size_t n) {
      received.append(data, n);
      return true;
    });
    res.set_content("{}", "application/x-amz-json-1.1");
  });
  int port = server.bind_to_any_port("127.0.0.1");
  if (port <= 0) return std::nan("");
  std::thread serving([&] { server.listen_after_bind(); });
  ulp::HttpTarget client(client_options("http://127.0.0.1:" + std::to_string(port), 120));
  ulp::Request request;
  request.operation = "UploadLayerPart";
  request.body = body;
  std::vector<double> v;
  for (int i = 0; i < reps; ++i) {
    auto t = Clock::now();
    const ulp::Response r = client.send(request);
    v.push_back(r.status == 200 ? ms(Clock::now() - t) : std::nan(""));
  }
  server.stop();
  serving.join();
  return median(v);
}

// The server's work on one part, stage by stage, as Handler::handle does it, then the whole
// handler; `part` and its base64 as the uploads send them.
std::vector<Stage> breakdown(const fs::path& tmp_parent, const std::string& part,
                             const std::string& part_base64, int reps) {
  using namespace ulp;
  std::vector<Stage> stages;
  const Protocol& p = Spec::get().protocol;
  TempDir data{make_temp_dir(tmp_parent, "ulp-bench-breakdown")};

  reference::EngineOptions options;
  options.data_dir = data.path / "engine";
  options.seed = 1;
  reference::Engine engine(options);
  reference::Handler handler(engine);
  engine.create_repository({"", "bench"});
  auto initiated = engine.initiate_layer_upload({"", "bench"});
  const std::string upload_id = std::get<reference::Initiated>(initiated).upload_id;
  auto body_of = [&](std::int64_t first) {
    json fields = {{"repositoryName", "bench"},
                   {"uploadId", upload_id},
                   {"partFirstByte", first},
                   {"partLastByte", first + static_cast<std::int64_t>(part.size()) - 1}};
    return aws_json::with_blob(fields, "layerPartBlob", part_base64);
  };
  const std::string body = body_of(0);
  auto keep = [](const auto& v) { asm volatile("" : : "r"(&v) : "memory"); };

  stages.push_back({"HTTP: the body's round trip, HttpTarget to httplib",
                    http_round_trip_ms(body, reps), "send, httplib's 4 KiB reads, answer"});
  stages.push_back({"  raw loopback TCP, 1 MiB reads",
                    loopback_ms(body.size(), 1 << 20, false, reps),
                    "the kernel's copies alone: the floor"});
  stages.push_back({"  raw loopback TCP, 4 KiB reads + poll()",
                    loopback_ms(body.size(), 4096, true, reps), "as httplib 0.11 reads"});
  const std::vector<std::string> blob_member{"layerPartBlob"};
  stages.push_back({"JSON: aws_json::parse_in_place",
                    median_ms(reps,
                              [&] {
                                auto parsed =
                                    aws_json::parse_in_place(body, p.max_json_depth, blob_member);
                                keep(parsed);
                              }),
                    "flat reader; the base64 stays in the body"});
  stages.push_back({"  (aws_json::parse, for comparison)",
                    median_ms(reps,
                              [&] {
                                auto parsed = aws_json::parse(body, p.max_json_depth);
                                keep(parsed);
                              }),
                    "simdjson DOM + nlohmann copy: other bodies"});
  auto parsed = aws_json::parse_in_place(body, p.max_json_depth, blob_member);
  const auto& in_place = std::get<aws_json::InPlace>(parsed);
  stages.push_back({"validate, base64 decode included",
                    median_ms(reps,
                              [&] {
                                Decoded blobs;
                                auto bad = validate("UploadLayerPartRequest", in_place.value,
                                                    &blobs, {}, &in_place.views);
                                keep(bad);
                                keep(blobs);
                              }),
                    "ulp::validate over the view"});
  stages.push_back({"  of which base64 decode",
                    median_ms(reps,
                              [&] {
                                auto bytes = base64::decode(part_base64);
                                keep(bytes);
                              }),
                    "ulp::base64::decode, strict"});
  {
    reference::LayerStore store(data.path / "store");
    auto file = store.open_upload("write-test");
    stages.push_back({"write: LayerStore append", median_ms(reps, [&] { file->append(part); }),
                      "to the page cache, memory already touched"});
  }
  stages.push_back({"SHA-256",
                    median_ms(reps,
                              [&] {
                                Sha256 h;
                                h.update(part);
                              }),
                    "ulp::Sha256::update"});
  // The whole handler, on consecutive parts of one upload.
  std::vector<double> handle;
  for (int i = 0; i < reps; ++i) {
    reference::HttpRequest request;
    request.headers = {{"Content-Type", p.content_type},
                       {p.target_header, p.target_prefix + ".UploadLayerPart"}};
    request.body = body_of(static_cast<std::int64_t>(i) * static_cast<std::int64_t>(part.size()));
    auto t = Clock::now();
    auto response = handler.handle(request);
    handle.push_back(ms(Clock::now() - t));
    if (response.status != 200)
      throw std::runtime_error("the handler refused a part: " + response.body.substr(0, 200));
  }
  stages.push_back({"Handler::handle, whole", median(handle), "JSON, validate, write, SHA-256"});
  // The same parts handled as they arrive, fed in httplib's 4 KiB reads: what the server
  // does per part, without the socket.
  std::vector<double> streamed;
  for (int i = reps; i < 2 * reps; ++i) {
    reference::HttpRequest head;
    head.headers = {{"Content-Type", p.content_type},
                    {p.target_header, p.target_prefix + ".UploadLayerPart"}};
    const std::string streamed_body =
        body_of(static_cast<std::int64_t>(i) * static_cast<std::int64_t>(part.size()));
    auto t = Clock::now();
    auto stream = handler.stream(head);
    for (std::size_t at = 0; at < streamed_body.size(); at += 4096)
      stream->feed(std::string_view(streamed_body).substr(at, 4096));
    auto response = stream->finish();
    streamed.push_back(ms(Clock::now() - t));
    if (response.status != 200)
      throw std::runtime_error("the handler refused a streamed part: " +
                               response.body.substr(0, 200));
  }
  stages.push_back({"PartStream, fed 4 KiB at a time", median(streamed),
                    "scan, decode, SHA-256, stage, commit"});
  return stages;
}

std::string mib(double kib) {
  return fixed(kib / 1024.0, 1) + " MiB";
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five;
  in >> one >> five;
  return one.empty() ? "unknown" : one + " (1 min), " + five + " (5 min)";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Ingest benchmark of the reference server: MiB/s, peak RSS, where the time goes",
               "ulp-bench-ingest"};
  double layer_mib = 1000, small_layer_mib = 260, part_mib = 20;
  std::string server_binary;
  std::string tmp_parent = fs::temp_directory_path().string();
  int distinct = 4, reps = 5, timeout_seconds = 120, max_seconds = 900;
  bool no_breakdown = false;
  int clients = 4, concurrent_parts = 8;
  std::string registry_binary = "/usr/bin/docker-registry";
  app.add_option("--layer-mib", layer_mib, "size of the large layer")->capture_default_str();
  app.add_option("--small-layer-mib", small_layer_mib,
                 "size of the layer whose peak RSS is compared (0: skip)")
      ->capture_default_str();
  app.add_option("--part-mib", part_mib, "part size; the last part may be smaller")
      ->capture_default_str();
  app.add_option("--server", server_binary,
                 "the server binary (default: ulp-reference-server beside this program)");
  app.add_option("--tmp-dir", tmp_parent, "where the servers' data directories go")
      ->capture_default_str();
  app.add_option("--distinct-parts", distinct, "distinct part buffers the layer cycles through")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  app.add_option("--reps", reps, "repetitions of each breakdown stage (median)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  app.add_option("--timeout-seconds", timeout_seconds, "per request")->capture_default_str();
  app.add_option("--max-seconds", max_seconds, "the whole run stops after this long")
      ->capture_default_str()
      ->check(CLI::Range(10, 86400));
  app.add_flag("--no-breakdown", no_breakdown, "skip the in-process breakdown");
  int open_uploads = 1000;
  app.add_option("--open-uploads", open_uploads,
                 "open uploads a durable server restarts with (start-up time)")
      ->capture_default_str();
  app.add_option("--clients", clients,
                 "clients at once in the concurrent run, each with its share of the layer "
                 "(1: no such run)")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  app.add_option("--concurrent-parts", concurrent_parts,
                 "parts sent at once for the peak memory figure")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  app.add_option("--docker-registry", registry_binary, "the peer's binary; measured when it exists")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  // The breakdown copies 28 MB bodies; without this, glibc gives the memory back after every
  // copy and the next ones fault it in again (tens of ms per part where page faults are
  // dear), which would be counted against the server.
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);

  std::thread([max_seconds] {
    std::this_thread::sleep_for(std::chrono::seconds(max_seconds));
    std::lock_guard lock(watchdog.mutex);
    if (pid_t pid = watchdog.server.load(); pid > 0) kill(pid, SIGKILL);
    std::error_code ignored;
    if (!watchdog.data_dir.empty()) fs::remove_all(watchdog.data_dir, ignored);
    std::fprintf(stderr, "ulp-bench-ingest: stopped after --max-seconds %d\n", max_seconds);
    std::_Exit(3);
  }).detach();

  if (server_binary.empty())
    server_binary = (fs::read_symlink("/proc/self/exe").parent_path() / "ulp-reference-server");
  const auto part_bytes = static_cast<std::uint64_t>(std::llround(part_mib * kMiB));
  const auto layer_bytes = static_cast<std::uint64_t>(std::llround(layer_mib * kMiB));
  const auto small_bytes = static_cast<std::uint64_t>(std::llround(small_layer_mib * kMiB));
  if (part_bytes == 0 || layer_bytes == 0) {
    std::cerr << "ulp-bench-ingest: --layer-mib and --part-mib must be positive\n";
    return 2;
  }

  std::string cpu = "unknown CPU";
  {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
      if (line.rfind("model name", 0) == 0) {
        cpu = line.substr(line.find(':') + 2);
        break;
      }
  }
  std::cout << "ulp-bench-ingest: " << cpu << ", " << std::thread::hardware_concurrency()
            << " CPUs, load average " << load_average() << "\n"
            << "server " << server_binary << "\n"
            << "layers of " << fixed(layer_mib, 0) << " and " << fixed(small_layer_mib, 0)
            << " MiB in parts of " << part_bytes << " bytes (" << distinct
            << " distinct part buffers), each to a fresh server over 127.0.0.1\n\n";

  // The parts, and the single-core SHA-256 rate over the same bytes (which is also the
  // digest the uploads must end with).
  std::vector<std::string> buffers, base64s;
  for (int i = 0; i < distinct; ++i) {
    buffers.push_back(make_bytes(part_bytes, static_cast<std::uint64_t>(i) + 1));
    base64s.push_back(ulp::base64::encode(buffers.back()));
  }
  Layer big(buffers, base64s, layer_bytes, part_bytes);
  ulp::Sha256 sha;
  auto t = Clock::now();
  for (std::uint64_t i = 0; i < big.parts(); ++i) sha.update(big.part(i));
  const double sha_seconds = seconds(Clock::now() - t);
  const double sha_rate = static_cast<double>(layer_bytes) / kMiB / sha_seconds;
  const std::string big_digest = sha.digest();

  std::vector<std::pair<std::string, RunResult>> runs;
  auto digest_of = [](const Layer& layer) {
    ulp::Sha256 h;
    for (std::uint64_t i = 0; i < layer.parts(); ++i) h.update(layer.part(i));
    return h.digest();
  };
  auto run = [&](const Layer& layer, const std::string& digest, int clients,
                 const std::string& fsync = "") {
    const std::string name =
        fixed(static_cast<double>(layer.bytes()) / kMiB, 0) + " MiB" +
        (clients == 1 ? ", 1 client" : " each, " + std::to_string(clients) + " clients at once") +
        (fsync.empty() ? "" : ", durable --data-dir, --fsync " + fsync);
    std::cout << "uploading " << name << " (" << layer.parts() << " parts each) ..." << std::flush;
    RunResult r = upload(server_binary, tmp_parent, layer, digest, timeout_seconds, clients, fsync);
    std::cout << (r.error.empty() ? " done" : " FAILED: " + r.error) << "\n";
    runs.emplace_back(name, r);
    return r;
  };
  RunResult large, small, concurrent;
  std::vector<std::pair<std::string, RunResult>> durable;  // --fsync policy, its run
  double restart_took_ms = -1;
  std::string recovered, restart_error;
  long eight_peak_kib = -1;
  std::string eight_error;
  PeerResult peer;
  try {
    large = run(big, big_digest, 1);
    if (small_bytes > 0) {
      Layer little(buffers, base64s, small_bytes, part_bytes);
      const std::string little_digest = digest_of(little);
      small = run(little, little_digest, 1);
      for (const char* policy : {"always", "interval", "never"})
        durable.emplace_back(policy, run(little, little_digest, 1, policy));
    }
    std::cout << "restarting a durable server with " << open_uploads << " open uploads ..."
              << std::flush;
    restart_took_ms = restart_ms(server_binary, tmp_parent, open_uploads, timeout_seconds,
                                 recovered, restart_error);
    std::cout << (restart_error.empty() ? " done" : " FAILED: " + restart_error) << "\n";
    if (clients > 1) {
      Layer share(buffers, base64s, layer_bytes / static_cast<std::uint64_t>(clients), part_bytes);
      concurrent = run(share, digest_of(share), clients);
    }
    std::cout << "sending " << concurrent_parts << " parts of " << part_bytes
              << " bytes at once ..." << std::flush;
    Layer one(buffers, base64s, part_bytes, part_bytes);
    eight_peak_kib = concurrent_parts_peak_kib(server_binary, tmp_parent, one, concurrent_parts,
                                               timeout_seconds, eight_error);
    std::cout << (eight_error.empty() ? " done" : " FAILED: " + eight_error) << "\n";
    if (fs::exists(registry_binary)) {
      std::cout << "docker-registry: uploading " << fixed(layer_mib, 0) << " MiB as raw chunks ..."
                << std::flush;
      peer = docker_registry(registry_binary, tmp_parent, big, big_digest, timeout_seconds);
      std::cout << (peer.error.empty() ? " done" : " FAILED: " + peer.error) << "\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "ulp-bench-ingest: " << e.what() << "\n";
    return 1;
  }

  std::cout << "\n== Ingest over loopback (wall time from the first part sent to the last "
               "answer)\n";
  for (const auto& [name, r] : runs) {
    if (!r.error.empty()) {
      std::cout << "  " << name << ": FAILED (" << r.error << ")\n";
      continue;
    }
    const double parts = static_cast<double>(r.parts);
    std::cout << "  " << name << ": " << fixed(r.mib_per_s) << " MiB/s  (" << r.parts
              << " parts in " << fixed(r.seconds, 2) << " s; per part median "
              << fixed(median(r.part_ms)) << " ms, max "
              << fixed(*std::max_element(r.part_ms.begin(), r.part_ms.end())) << " ms)\n"
              << "      server RSS: peak (VmHWM) " << mib(static_cast<double>(r.peak_rss_kib))
              << ", idle afterwards " << mib(static_cast<double>(r.idle_rss_kib))
              << "; CPU per part: server " << fixed(1000 * r.server_cpu_seconds / parts)
              << " ms, client " << fixed(1000 * r.client_cpu_seconds / parts) << " ms\n"
              << "      digest " << r.digest << " accepted by CompleteLayerUpload\n";
  }
  std::cout << "  single-core SHA-256 (ulp::Sha256) over the same " << fixed(layer_mib, 0)
            << " MiB: " << fixed(sha_rate) << " MiB/s\n";
  if (!fs::exists(registry_binary))
    std::cout << "  docker-registry: not installed (" << registry_binary
              << "; apt-get install docker-registry)\n";
  else if (!peer.error.empty())
    std::cout << "  docker-registry: FAILED (" << peer.error << ")\n";
  else
    std::cout << "  docker-registry, raw PATCH chunks of the same " << fixed(layer_mib, 0)
              << " MiB, 1 client: " << fixed(peer.mib_per_s) << " MiB/s, peak RSS "
              << mib(static_cast<double>(peer.peak_rss_kib)) << "\n";
  if (!durable.empty() && small.error.empty()) {
    std::cout << "\n== Durability: the " << fixed(small_layer_mib, 0)
              << " MiB layer, 1 client, against the temporary directory's "
              << fixed(small.mib_per_s) << " MiB/s (not durable; the same disk: " << tmp_parent
              << ")\n";
    for (const auto& [policy, r] : durable)
      std::cout << "  --data-dir --fsync " << policy << ": "
                << (r.error.empty() ? fixed(r.mib_per_s) + " MiB/s, " +
                                          fixed(r.mib_per_s / small.mib_per_s, 2) +
                                          "x of not durable; per part median " +
                                          fixed(median(r.part_ms)) + " ms"
                                    : "FAILED (" + r.error + ")")
                << "\n";
  }
  std::cout << "  start-up after a SIGKILL with " << open_uploads
            << " open uploads in the directory: "
            << (restart_error.empty()
                    ? fixed(restart_took_ms) + " ms to the listening line\n    " + recovered
                    : "FAILED (" + restart_error + ")")
            << "\n";
  std::cout << "\n== Memory\n"
            << "  " << concurrent_parts << " parts of " << part_bytes
            << " bytes at once, each its own client: server peak RSS "
            << (eight_peak_kib < 0 ? "FAILED (" + eight_error + ")"
                                   : mib(static_cast<double>(eight_peak_kib)))
            << "\n";

  if (!no_breakdown) {
    try {
      std::cout << "\n== Where the time goes, per " << fixed(part_mib, 0)
                << " MiB part (in process, steady_clock, median of " << reps << ")\n";
      auto stages = breakdown(tmp_parent, buffers[0], base64s[0], reps);
      auto print = [](const std::string& name, double v, const std::string& note) {
        char line[240];
        std::snprintf(line, sizeof line, "  %-44s %7.1f ms  %s\n", name.c_str(), v, note.c_str());
        std::cout << line;
      };
      double receive = 0, handler = 0;
      for (const auto& st : stages) {
        print(st.name, st.ms, st.note);
        if (st.name.starts_with("HTTP:")) receive = st.ms;
        if (st.name.starts_with("PartStream")) handler = st.ms;
      }
      if (large.error.empty() && large.parts > 0) {
        const double per_part = large.seconds * 1000.0 / static_cast<double>(large.parts);
        const double sum = receive + handler;
        print("per part in the " + fixed(layer_mib, 0) + " MiB run", per_part, "");
        print("  HTTP round trip + handler", sum, "the stages above, one at a time");
        print("  the rest", per_part - sum, "other load; memory touched first (page cache)");
      }
    } catch (const std::exception& e) {
      std::cout << "  breakdown failed: " << e.what() << "\n";
    }
  }

  std::cout << "\n== Aims (load average now " << load_average() << ")\n";
  auto aim = [](bool known, bool met, const std::string& what) {
    std::cout << "  "
              << (!known ? "AIM UNKNOWN"
                  : met  ? "AIM MET   "
                         : "AIM MISSED")
              << "  " << what << "\n";
  };
  const bool large_ok = large.error.empty() && large.seconds > 0;
  const bool small_ok = small_bytes > 0 && small.error.empty() && small.seconds > 0;
  const bool concurrent_ok = clients > 1 && concurrent.error.empty() && concurrent.seconds > 0;
  const double ratio = large_ok ? large.mib_per_s / sha_rate : 0;
  aim(large_ok, ratio >= 0.50,
      "ingest, 1 client >= 50% of single-core SHA-256: " + fixed(large.mib_per_s) + " / " +
          fixed(sha_rate) + " MiB/s = " + fixed(100 * ratio) + "%");
  if (clients > 1)
    aim(concurrent_ok, concurrent.mib_per_s >= large.mib_per_s,
        "ingest, " + std::to_string(clients) + " clients at least 1 client's: " +
            fixed(concurrent.mib_per_s) + " vs " + fixed(large.mib_per_s) + " MiB/s (" +
            fixed(concurrent.mib_per_s / sha_rate, 2) + " x SHA-256)");
  aim(large_ok && peer.ran && peer.error.empty(), large.mib_per_s > peer.mib_per_s,
      !peer.ran
          ? std::string("ahead of docker-registry: not installed")
          : "ahead of docker-registry: " + fixed(large.mib_per_s) + " vs " + fixed(peer.mib_per_s) +
                " MiB/s = " + fixed(large.mib_per_s / std::max(peer.mib_per_s, 1e-9), 2) + "x");
  long idle_max = 0;
  bool idle_known = false;
  for (const auto& [name, r] : runs)
    if (r.error.empty()) {
      idle_max = std::max(idle_max, r.idle_rss_kib);
      idle_known = true;
    }
  aim(idle_known, idle_max <= 32 * 1024,
      "server RSS idle after each run <= 32 MiB: at most " + mib(static_cast<double>(idle_max)));
  aim(eight_peak_kib > 0, eight_peak_kib <= 64 * 1024,
      "server peak RSS with " + std::to_string(concurrent_parts) +
          " parts at once <= 64 MiB: " + mib(static_cast<double>(eight_peak_kib)));
  const double diff_kib = static_cast<double>(large.peak_rss_kib - small.peak_rss_kib);
  aim(large_ok && small_ok, std::abs(diff_kib) <= 8 * 1024,
      small_bytes == 0
          ? std::string("peak RSS within 8 MiB of a smaller layer's: not measured "
                        "(--small-layer-mib 0)")
          : "peak RSS flat in layer size (within 8 MiB): " + fixed(layer_mib, 0) + " MiB " +
                mib(static_cast<double>(large.peak_rss_kib)) + " vs " + fixed(small_layer_mib, 0) +
                " MiB " + mib(static_cast<double>(small.peak_rss_kib)) + ", difference " +
                mib(diff_kib));
  return 0;
}
