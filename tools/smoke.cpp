// ulp-smoke: the end-to-end upload flow, step by step, against the embedded reference
// server on a loopback port (or --endpoint-url). Exits 1 when a step does not go as the
// spec says.
#include <CLI/CLI.hpp>
#include <iostream>
#include <thread>

#include "core/aws_json.hpp"
#include "core/base64.hpp"
#include "core/http_target.hpp"
#include "core/sha256.hpp"
#include "core/spec.hpp"
#include "reference/server.hpp"

using nlohmann::json;

namespace {

struct Step {
  int failures = 0;
  void check(bool ok, const std::string& what, const ulp::Response& r) {
    std::cout << (ok ? "PASS  " : "FAIL  ") << what;
    if (!ok)
      std::cout << "\n      got status " << r.status << " " << r.error_type << " "
                << r.transport_error << " " << r.body.substr(0, 300);
    std::cout << "\n";
    failures += !ok;
  }
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"End-to-end smoke flow: initiate, parts, a refused gap, complete, check"};
  std::string endpoint, repository = "smoke-test";
  app.add_option("--endpoint-url", endpoint, "target (default: an embedded reference server)");
  app.add_option("--repository-name", repository, "repository to create and use");
  CLI11_PARSE(app, argc, argv);

  std::unique_ptr<ulp::reference::Engine> engine;
  std::unique_ptr<ulp::reference::Handler> handler;
  std::unique_ptr<ulp::reference::Server> server;
  std::thread serving;
  if (endpoint.empty()) {
    engine = std::make_unique<ulp::reference::Engine>();
    handler = std::make_unique<ulp::reference::Handler>(*engine);
    server = std::make_unique<ulp::reference::Server>(*handler);
    int port = server->bind("127.0.0.1", 0);
    if (port < 0) {
      std::cerr << "ulp-smoke: cannot listen on 127.0.0.1\n";
      return 2;
    }
    endpoint = "http://127.0.0.1:" + std::to_string(port);
    serving = std::thread([&] { server->serve(); });
    std::cout << "embedded reference server on " << endpoint << "\n";
  }
  ulp::HttpTargetOptions options;
  options.endpoint_url = endpoint;
  auto connection = std::make_unique<ulp::HttpTarget>(options);
  ulp::HttpTarget& target = *connection;
  Step step;
  const ulp::Profile profile = ulp::Profile::load("ecr");

  auto r = target.send(ulp::Request::of("CreateRepository", {{"repositoryName", repository}}));
  step.check(r.ok() || r.error_type == "RepositoryAlreadyExistsException",
             "CreateRepository " + repository, r);
  r = target.send(ulp::Request::of("InitiateLayerUpload", {{"repositoryName", repository}}));
  step.check(r.ok() && r.json && r.json->contains("uploadId"), "InitiateLayerUpload", r);
  if (!r.ok() || !r.json) return 1;
  const std::string upload = (*r.json)["uploadId"];

  // Two parts: the first of the minimum part size, the second a small last part.
  std::string first(static_cast<std::size_t>(profile.min_part_bytes), '\0');
  for (std::size_t i = 0; i < first.size(); ++i) first[i] = static_cast<char>(i * 131 + 7);
  const std::string second = "the last part may be small";
  ulp::Sha256 layer;
  std::int64_t next = 0;
  for (const std::string* part : std::vector<const std::string*>{&first, &second}) {
    std::int64_t last = next + static_cast<std::int64_t>(part->size()) - 1;
    json fields = {{"repositoryName", repository},
                   {"uploadId", upload},
                   {"partFirstByte", next},
                   {"partLastByte", last}};
    ulp::Request req;
    req.operation = "UploadLayerPart";
    req.body = ulp::aws_json::with_blob(fields, "layerPartBlob", ulp::base64::encode(*part));
    r = target.send(req);
    step.check(r.ok() && r.json && (*r.json)["lastByteReceived"] == last,
               "UploadLayerPart " + std::to_string(next) + ".." + std::to_string(last) +
                   " -> lastByteReceived " + std::to_string(last),
               r);
    layer.update(*part);
    if (part == &first) {
      json gap = fields;
      gap["partFirstByte"] = last + 2;
      gap["partLastByte"] = last + 2;
      gap["layerPartBlob"] = ulp::base64::encode("x");
      auto g = target.send(ulp::Request::of("UploadLayerPart", gap));
      step.check(g.error_type == "InvalidLayerPartException" && g.json &&
                     (*g.json)["lastValidByteReceived"] == last,
                 "a gap is refused with InvalidLayerPartException, lastValidByteReceived " +
                     std::to_string(last),
                 g);
    }
    next = last + 1;
  }
  r = target.send(ulp::Request::of(
      "CompleteLayerUpload",
      {{"repositoryName", repository}, {"uploadId", upload}, {"layerDigests", {layer.digest()}}}));
  step.check(r.ok() && r.json && (*r.json)["layerDigest"] == layer.digest(),
             "CompleteLayerUpload -> " + layer.digest(), r);
  r = target.send(
      ulp::Request::of("BatchCheckLayerAvailability",
                       {{"repositoryName", repository}, {"layerDigests", {layer.digest()}}}));
  step.check(r.ok() && r.json && (*r.json)["layers"].size() == 1 &&
                 (*r.json)["layers"][0]["layerAvailability"] == "AVAILABLE" &&
                 (*r.json)["layers"][0]["layerSize"] == next,
             "BatchCheckLayerAvailability -> AVAILABLE, " + std::to_string(next) + " bytes", r);

  connection.reset();  // closes the kept-alive connection, which the server would wait for
  if (server) {
    server->stop();
    serving.join();
  }
  std::cout << (7 - step.failures) << " passed, " << step.failures << " failed, 0 skipped\n";
  return step.failures == 0 ? 0 : 1;
}
