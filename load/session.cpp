#include "load/session.hpp"

#include <chrono>
#include <thread>

#include "core/retrying_target.hpp"

namespace ulp::load {

using nlohmann::json;

std::string describe(const Request& request, const Response& r) {
  std::string out = request.operation + ": ";
  if (r.status == 0) return out + "no answer (" + r.transport_error + ")";
  out += std::to_string(r.status);
  if (!r.error_type.empty()) out += " " + r.error_type;
  if (r.json && r.json->is_object()) {
    for (const char* key : {"message", "Message"})
      if (auto it = r.json->find(key); it != r.json->end() && it->is_string())
        return out + " (" + it->get<std::string>() + ")";
    if (r.ok()) {
      std::string body = r.json->dump();
      return out + " " + (body.size() > 300 ? body.substr(0, 300) + "..." : body);
    }
  }
  return out;
}

Session::Session(std::unique_ptr<Target> target, Progress& progress, RateLimiter* limiter)
    : target_(std::move(target)), progress_(progress), limiter_(limiter) {}

Response Session::send(const Request& request) {
  if (limiter_) limiter_->acquire(request.operation);
  const auto start = std::chrono::steady_clock::now();
  Response r = target_->send(request);
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  stats.record(request.operation, r, elapsed);
  ++progress_.requests;
  if (r.status == 0 || r.status >= 500) {
    ++progress_.errors;
    findings.add("PROTO-NO-5XX", describe(request, r));
  }
  return r;
}

bool Session::faulted(const Response& r) const {
  if (r.status == 0 || r.status >= 500) return true;
  if (throttled(r)) {  // a rate or a limit (LimitExceededException): wait a little, go on
    ++progress_.errors;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return true;
  }
  return false;
}

std::optional<std::string> Session::initiate(const std::string& repository) {
  const Request request = initiate_request(repository);
  const Response r = send(request);
  if (faulted(r)) return std::nullopt;
  if (r.ok() && r.json && r.json->contains("uploadId") && (*r.json)["uploadId"].is_string())
    return (*r.json)["uploadId"].get<std::string>();
  ++progress_.errors;
  findings.add("ILU-RESP-UPLOAD-ID", "repository " + repository + ": " + describe(request, r));
  return std::nullopt;
}

bool Session::put_part(const std::string& repository, const std::string& upload_id,
                       std::int64_t first_byte, std::string_view bytes) {
  const Request request = part_request(repository, upload_id, first_byte, bytes);
  const Response r = send(request);
  if (faulted(r)) return false;
  const std::string where = "upload " + upload_id + ", bytes " + std::to_string(first_byte) + ".." +
                            std::to_string(first_byte + std::int64_t(bytes.size()) - 1) + ": ";
  if (!r.ok()) {
    ++progress_.errors;
    findings.add("ULP-RANGE-CONSECUTIVE", where + describe(request, r));
    return false;
  }
  const auto last = first_byte + static_cast<std::int64_t>(bytes.size()) - 1;
  const json* got = r.json ? &(*r.json)["lastByteReceived"] : nullptr;
  if (!got || !got->is_number_integer() || got->get<std::int64_t>() != last) {
    ++progress_.errors;
    findings.add("ULP-RESP-LAST-BYTE", where + describe(request, r));
    return false;
  }
  progress_.bytes += static_cast<std::int64_t>(bytes.size());
  return true;
}

bool Session::judge_completion(const Request& request, const Response& r, const std::string& digest,
                               std::int64_t size) {
  if (faulted(r)) return false;
  const json* got = r.ok() && r.json ? &(*r.json)["layerDigest"] : nullptr;
  if (got && got->is_string() && got->get<std::string>() == digest) return true;
  // Another client pushed the same bytes first (small layers meet often): the answer
  // CLU-LAYER-EXISTS requires. The layer's availability, checked next, tells the rest.
  if (r.error_type == "LayerAlreadyExistsException") return true;
  ++progress_.errors;
  findings.lost_bytes += size;
  findings.add("ULP-RANGE-NO-LOSS", "layer of " + std::to_string(size) + " bytes, " + digest +
                                        ": " + describe(request, r));
  return false;
}

bool Session::complete(const std::string& repository, const std::string& upload_id,
                       const std::string& digest, std::int64_t size) {
  const Request request = complete_request(repository, upload_id, digest);
  const Response r = send(request);
  if (!judge_completion(request, r, digest, size)) return false;
  return check_available(repository, digest, size);
}

bool Session::check_available(const std::string& repository, const std::string& digest,
                              std::int64_t size) {
  const Request request = check_request(repository, {digest});
  const Response r = send(request);
  if (faulted(r)) return false;
  bool available = false;
  if (r.ok() && r.json && r.json->contains("layers") && (*r.json)["layers"].is_array())
    for (const auto& layer : (*r.json)["layers"])
      available =
          available || (layer.value("layerDigest", "") == digest &&
                        layer.value("layerAvailability", "") == "AVAILABLE" &&
                        layer.contains("layerSize") && layer["layerSize"].is_number_integer() &&
                        layer["layerSize"].get<std::int64_t>() == size);
  if (available) {
    layer_done(size);
    return true;
  }
  ++progress_.errors;
  findings.lost_bytes += size;
  findings.add("BCLA-AVAILABLE", "layer " + digest + " of " + std::to_string(size) +
                                     " bytes: " + describe(request, r));
  return false;
}

void Session::layer_done(std::int64_t) {
  ++progress_.layers;
}

}  // namespace ulp::load
