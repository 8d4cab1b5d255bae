#include "tools/ulp/push_layer.hpp"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "core/sha256.hpp"
#include "core/spec.hpp"
#include "tools/ulp/arg_parser.hpp"
#include "tools/ulp/cli_error.hpp"
#include "tools/ulp/debug_log.hpp"
#include "tools/ulp/param_file.hpp"
#include "tools/ulp/progress_bar.hpp"
#include "tools/ulp/python_text.hpp"
#include "tools/ulp/service_client.hpp"
#include "tools/ulp/session.hpp"
#include "tools/ulp/wire_body.hpp"

namespace ulp::cli {

using nlohmann::ordered_json;

namespace {

constexpr int kTransientRounds = 5;      // per part, each with the call's own retries
constexpr int kRefusalsAtOneOffset = 3;  // a refusal that does not move the offset

struct PushOptions {
  std::string file, repository, registry_id;
  std::optional<long long> part_size;
};

PushOptions parse_push_line(const std::vector<std::string>& args) {
  ArgParser p;
  p.add(OptionSpec::named("--repository-name").needed());
  p.add(OptionSpec::named("--registry-id"));
  p.add(OptionSpec::named("--part-size").integer());
  ParsedArgs parsed = p.parse_known(args);
  PushOptions o;
  std::vector<std::string> unknown;
  for (const auto& e : parsed.extras) {
    if (o.file.empty() && !e.starts_with("-"))
      o.file = e;
    else
      unknown.push_back(e);
  }
  if (!unknown.empty()) {
    std::string list;
    for (const auto& u : unknown) list += (list.empty() ? "" : ", ") + u;
    throw UnknownOptionsError(list);
  }
  if (o.file.empty()) throw UsageError("the following arguments are required: FILE");
  o.repository = *parsed.one("--repository-name");
  o.registry_id = parsed.one("--registry-id").value_or("");
  if (auto n = parsed.one("--part-size")) {
    // The model's limits on a part (LayerPartBlob), not a number written here.
    const Shape& blob = Spec::get().shape("LayerPartBlob");
    const long long size = *parse_python_int(*n);
    const long long max = blob.max.value_or(size);
    if (size < 1 || size > max)
      throw UsageError("argument --part-size: must be between 1 and " + std::to_string(max));
    o.part_size = size;
  }
  return o;
}

class Pusher {
 public:
  Pusher(ServiceClient& client, const PushOptions& o, std::ifstream& file, std::uint64_t size)
      : client_(client), o_(o), file_(file), size_(size) {}

  std::string push() {
    ordered_json started = call("InitiateLayerUpload", base());
    upload_id_ = started.value("uploadId", "");
    if (upload_id_.empty())
      throw CliError(kOther, "InitiateLayerUpload answered without an uploadId");
    const long long part_size = o_.part_size.value_or(started.value("partSize", 10485760LL));
    debug_log::write("ulp.push",
                     "upload " + upload_id_ + ", parts of " + std::to_string(part_size) + " bytes");
    ProgressBar bar(size_, ::isatty(STDERR_FILENO) == 1);
    std::uint64_t offset = 0;
    int refusals = 0;
    std::uint64_t refused_at = UINT64_MAX;
    while (offset < size_) {
      const std::uint64_t length =
          std::min<std::uint64_t>(static_cast<std::uint64_t>(part_size), size_ - offset);
      const std::string bytes = read(offset, length);
      try {
        ordered_json accepted = upload_part(offset, bytes);
        // The service says where the layer ends now; it must be past this part's start.
        const long long last = accepted.value("lastByteReceived", -1LL);
        if (last < static_cast<long long>(offset) || static_cast<std::uint64_t>(last) >= size_)
          throw CliError(kOther, "UploadLayerPart accepted bytes " + std::to_string(offset) + ".." +
                                     std::to_string(offset + length - 1) +
                                     " but answered lastByteReceived " + std::to_string(last));
        offset = static_cast<std::uint64_t>(last) + 1;
        refusals = 0;
      } catch (const ServiceError& e) {
        auto next = resume_point(e);
        if (!next) throw;
        refusals = *next == refused_at ? refusals + 1 : 1;
        refused_at = *next;
        if (refusals >= kRefusalsAtOneOffset) throw;
        debug_log::write("ulp.push", "part refused; resuming from byte " + std::to_string(*next));
        offset = *next;
      }
      bar.update(offset);
    }
    bar.finish();
    const std::string digest = "sha256:" + hash_.hex();
    ordered_json completed = base();
    completed["uploadId"] = upload_id_;
    completed["layerDigests"] = ordered_json::array({digest});
    call("CompleteLayerUpload", completed);
    ordered_json check = base();
    check["layerDigests"] = ordered_json::array({digest});
    ordered_json availability = call("BatchCheckLayerAvailability", check);
    const auto& layers = availability.value("layers", ordered_json::array());
    if (layers.empty() || layers[0].value("layerAvailability", "") != "AVAILABLE")
      throw CliError(kOther, "BatchCheckLayerAvailability does not report " + digest +
                                 " as AVAILABLE: " + availability.dump());
    return digest;
  }

 private:
  ordered_json base() const {
    ordered_json b = ordered_json::object();
    if (!o_.registry_id.empty()) b["registryId"] = o_.registry_id;
    b["repositoryName"] = o_.repository;
    return b;
  }
  ordered_json call(const std::string& operation, const ordered_json& body) {
    return client_.call(operation, body.dump());
  }

  std::string read(std::uint64_t offset, std::uint64_t length) {
    std::string bytes(length, '\0');
    file_.clear();
    file_.seekg(static_cast<std::streamoff>(offset));
    file_.read(bytes.data(), static_cast<std::streamsize>(length));
    if (static_cast<std::uint64_t>(file_.gcount()) != length)
      throw CliError(kOther, "the layer file changed size while it was being pushed");
    // The digest covers each byte once, in order, whatever parts are resent.
    if (offset <= hashed_ && hashed_ < offset + length) {
      hash_.update(std::string_view(bytes).substr(hashed_ - offset));
      hashed_ = offset + length;
    }
    return bytes;
  }

  ordered_json upload_part(std::uint64_t offset, const std::string& bytes) {
    CallParameters p;
    p.values = base();
    p.values["uploadId"] = upload_id_;
    p.values["partFirstByte"] = offset;
    p.values["partLastByte"] = offset + bytes.size() - 1;
    p.values["layerPartBlob"] = "<bytes>";
    p.binary_blobs["layerPartBlob"] = bytes;
    const std::string body = wire_body(p, Spec::get().shape("UploadLayerPartRequest"));
    for (int round = 1;; ++round) {
      try {
        return client_.call("UploadLayerPart", body);  // a copy: a retry sends it again
      } catch (const TransportError& e) {
        if (round >= kTransientRounds) throw;
        backoff(round, e.what());
      } catch (const ServiceError& e) {
        if (e.code() != "ServerException" || round >= kTransientRounds) throw;
        backoff(round, e.what());
      }
    }
  }

  static void backoff(int round, const std::string& why) {
    const auto delay = std::chrono::milliseconds(250LL << std::min(round, 6));
    debug_log::write("ulp.push", "transient failure (" + why + "); retrying in " +
                                     std::to_string(delay.count()) + " ms");
    std::this_thread::sleep_for(delay);
  }

  // Where to go on after a refused part: the byte after the last one the service holds.
  std::optional<std::uint64_t> resume_point(const ServiceError& e) const {
    if (e.code() != "InvalidLayerPartException") return std::nullopt;
    auto it = e.body().find("lastValidByteReceived");
    if (it == e.body().end() || !it->is_number_integer()) return std::nullopt;
    const long long last = it->get<long long>();
    if (last < -1 || static_cast<std::uint64_t>(last + 1) > size_) return std::nullopt;
    return static_cast<std::uint64_t>(last + 1);
  }

  ServiceClient& client_;
  const PushOptions& o_;
  std::ifstream& file_;
  std::uint64_t size_;
  std::string upload_id_;
  Sha256 hash_;
  std::uint64_t hashed_ = 0;
};

}  // namespace

int run_push_layer(const std::vector<std::string>& args, const GlobalOptions& globals) {
  if (args.size() == 1 && args[0] == "help") {
    std::cout << "push-layer FILE --repository-name NAME [--registry-id ID] [--part-size N]\n\n"
                 "Pushes FILE as one layer: InitiateLayerUpload, UploadLayerPart for each part in\n"
                 "order (parts of N bytes, default the partSize the service answers), then\n"
                 "CompleteLayerUpload with the file's sha256 digest and\n"
                 "BatchCheckLayerAvailability. A refused part resumes from the\n"
                 "lastValidByteReceived it carries; a failure without an answer is retried with\n"
                 "backoff. Prints the digest. Takes the global options (ulp help).\n";
    return kSuccess;
  }
  const PushOptions o = parse_push_line(args);
  const std::string path = expand_path(o.file);
  std::ifstream file(path, std::ios::binary);
  if (!file || std::filesystem::is_directory(path)) {
    const int e = file ? EISDIR : errno;
    throw CliError(kUsage, "Error parsing parameter 'FILE': Unable to read " + o.file +
                               ": [Errno " + std::to_string(e) + "] " + std::strerror(e) + ": " +
                               python_repr(path));
  }
  file.seekg(0, std::ios::end);
  const auto size = static_cast<std::uint64_t>(file.tellg());
  file.seekg(0);

  const Session session(globals);
  session.check_profile();
  ServiceClient client(client_settings(session, session.region()));
  const std::string digest = Pusher(client, o, file, size).push();
  std::cout << digest << "\n";
  return kSuccess;
}

}  // namespace ulp::cli
