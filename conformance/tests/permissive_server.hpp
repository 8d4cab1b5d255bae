// A fake registry that accepts every layer call without checking anything: any part at any
// position, any digest. Its answers are otherwise well made (the AWS JSON 1.1 media type, a
// request ID, `__type` and a message on its few errors), so that a run against it must report
// the byte-range and digest rules it ignores, and never the protocol rules it keeps.
#pragma once

#include <httplib.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

namespace ulp::conformance::testing {

class PermissiveServer {
 public:
  PermissiveServer() {
    server_.Post(".*",
                 [this](const httplib::Request& req, httplib::Response& res) { answer(req, res); });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~PermissiveServer() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  void answer(const httplib::Request& req, httplib::Response& res) {
    using nlohmann::json;
    const std::string target = req.get_header_value("X-Amz-Target");
    const std::string op = target.substr(target.find('.') + 1);
    res.set_header("x-amzn-RequestId",
                   "00000000-0000-4000-8000-" + std::to_string(100000000000 + ++n_));
    json in = json::parse(req.body, nullptr, false);
    auto send = [&](int status, const json& body) {
      res.status = status;
      res.set_content(body.dump(), "application/x-amz-json-1.1");
    };
    if (in.is_discarded() || !in.is_object())
      return send(400, {{"__type", "SerializationException"}, {"message", "not a JSON object"}});
    const json repository = in.value("repositoryName", "r");
    if (op == "CreateRepository" || op == "DeleteRepository")
      return send(200,
                  {{"repository", {{"registryId", kRegistry}, {"repositoryName", repository}}}});
    if (op == "BatchCheckLayerAvailability") {
      json layers = json::array();
      for (const auto& d : in.value("layerDigests", json::array()))
        layers.push_back({{"layerDigest", d}, {"layerAvailability", "AVAILABLE"}});
      return send(200, {{"layers", layers}, {"failures", json::array()}});
    }
    if (op == "InitiateLayerUpload")
      return send(200,
                  {{"uploadId", "6cb64b8a-9378-4e33-8ab1-" + std::to_string(100000000000 + n_)},
                   {"partSize", 10485760}});
    json echo = {{"registryId", kRegistry},
                 {"repositoryName", repository},
                 {"uploadId", in.value("uploadId", "")}};
    if (op == "UploadLayerPart") {
      echo["lastByteReceived"] = in.value("partLastByte", json(0));
      return send(200, echo);
    }
    if (op == "CompleteLayerUpload") {
      echo["layerDigest"] = in.value("layerDigests", json::array({""}))[0];
      return send(200, echo);
    }
    send(400, {{"__type", "UnknownOperationException"}, {"message", "unknown operation"}});
  }

  static constexpr const char* kRegistry = "123456789012";
  httplib::Server server_;
  std::thread thread_;
  int port_ = -1;
  std::atomic<long> n_{0};
};

}  // namespace ulp::conformance::testing
