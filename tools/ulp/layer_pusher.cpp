#include "tools/ulp/layer_pusher.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <thread>

#include "core/sha256.hpp"
#include "core/spec.hpp"
#include "tools/ulp/call_parameters.hpp"
#include "tools/ulp/debug_log.hpp"
#include "tools/ulp/progress_bar.hpp"
#include "tools/ulp/wire_body.hpp"

namespace ulp::cli {

using nlohmann::ordered_json;

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr int kRounds = 10;  // sends of one call, each with the client's own attempts
constexpr milliseconds kFirstWait{500}, kLongestWait{8000};
constexpr int kRefusalsAtOneOffset = 3;  // a refusal that does not move the offset
constexpr int kUploadsPerPush = 2;       // one new upload after the service lost one

// The wait after failed round `round`: doubling from kFirstWait, capped.
constexpr milliseconds wait_after(int round) {
  return std::min(kFirstWait * (1 << std::min(round - 1, 16)), kLongestWait);
}

constexpr milliseconds total_wait() {
  milliseconds total{0};
  for (int round = 1; round < kRounds; ++round) total += wait_after(round);
  return total;
}

// "3.2 s": how long something lasted or will.
std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", seconds);
  return text;
}

// "0.5 s", "8 s": a wait as it was chosen.
std::string wait_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%g s", seconds);
  return text;
}

double seconds_of(milliseconds m) {
  return std::chrono::duration<double>(m).count();
}

// What a restart or an overloaded service answers: worth sending the same bytes again for.
// "" is no answer at all; a 5xx without a body has its status for a code. Throttling is not
// here: the call's own attempts handle it, and it is no outage.
bool transient(const std::string& code) {
  const RetryRules& rules = Spec::get().protocol.retry;
  if (code.empty() || code == "ServerException" || rules.transient_errors.count(code)) return true;
  for (int status : rules.transient_statuses)
    if (code == std::to_string(status)) return true;
  return false;
}

// The service no longer knows the upload, so none of its bytes: only a new upload goes on.
struct UploadLost {
  ServiceError error;
  std::uint64_t at;  // the byte the push had reached
};

// What the last call rode out before its answer.
struct Outage {
  std::string cause;  // "the connection was lost", "the service answered ServerException"
  Clock::time_point since;
  double seconds = 0;
};

class Pusher {
 public:
  Pusher(ServiceClient& client, const PushTarget& t, std::ifstream& file, std::uint64_t size)
      : client_(client), t_(t), file_(file), size_(size), bar_(size, ::isatty(STDERR_FILENO) == 1) {
    // The call's own retries ride out short failures unseen; they are outages all the same.
    client_.observe_retries([this](const std::string& code, double wait_seconds) {
      if (transient(code)) failing(code, wait_seconds);
    });
  }
  ~Pusher() { client_.observe_retries(nullptr); }
  Pusher(const Pusher&) = delete;
  Pusher& operator=(const Pusher&) = delete;

  std::string push() {
    std::optional<UploadLost> lost;
    for (int upload = 1;; ++upload) {
      try {
        return push_once(lost);
      } catch (const UploadLost& e) {
        if (upload >= kUploadsPerPush) throw e.error;
        lost = e;
      }
    }
  }

 private:
  std::string push_once(const std::optional<UploadLost>& lost) {
    const std::string previous = upload_id_;
    ordered_json started = call("InitiateLayerUpload", base().dump());
    upload_id_ = started.value("uploadId", "");
    if (upload_id_.empty())
      throw CliError(kOther, "InitiateLayerUpload answered without an uploadId");
    const long long part_size = t_.part_size.value_or(started.value("partSize", 10485760LL));
    debug_log::write("ulp.push",
                     "upload " + upload_id_ + ", parts of " + std::to_string(part_size) + " bytes");
    if (lost)
      bar_.say("the service lost upload " + previous + " at byte " + std::to_string(lost->at) +
               " (" + lost->error.code() + "): starting over at byte 0 on upload " + upload_id_);
    std::uint64_t offset = 0;
    int refusals = 0;
    std::uint64_t refused_at = UINT64_MAX;
    bar_.update(0);
    while (offset < size_) {
      const std::uint64_t length =
          std::min<std::uint64_t>(static_cast<std::uint64_t>(part_size), size_ - offset);
      const std::string bytes = read(offset, length);
      try {
        ordered_json accepted = call("UploadLayerPart", part_body(offset, bytes));
        // The service says where the layer ends now; it must be past this part's start.
        const long long last = accepted.value("lastByteReceived", -1LL);
        if (last < static_cast<long long>(offset) || static_cast<std::uint64_t>(last) >= size_)
          throw CliError(kOther, "UploadLayerPart accepted bytes " + std::to_string(offset) + ".." +
                                     std::to_string(offset + length - 1) +
                                     " but answered lastByteReceived " + std::to_string(last));
        if (outage_) resumed(offset, "");
        offset = static_cast<std::uint64_t>(last) + 1;
        refusals = 0;
      } catch (const ServiceError& e) {
        if (e.code() == "UploadNotFoundException") throw UploadLost{e, offset};
        auto next = resume_point(e);
        if (!next) throw;
        refusals = *next == refused_at ? refusals + 1 : 1;
        refused_at = *next;
        if (refusals >= kRefusalsAtOneOffset) throw;
        resumed(*next, outage_ ? ": the service holds " + std::to_string(*next) + " bytes"
                               : ": the service refused bytes " + std::to_string(offset) + ".." +
                                     std::to_string(offset + length - 1) + " and holds " +
                                     std::to_string(*next) + " bytes");
        offset = *next;
      }
      bar_.update(offset);
    }
    bar_.finish();
    const std::string digest = "sha256:" + hash_.hex();
    complete(digest, offset);
    const ordered_json answer = availability(digest);
    if (!available(answer))
      throw CliError(kOther, "BatchCheckLayerAvailability does not report " + digest +
                                 " as AVAILABLE: " + answer.dump());
    return digest;
  }

  void complete(const std::string& digest, std::uint64_t offset) {
    ordered_json body = base();
    body["uploadId"] = upload_id_;
    body["layerDigests"] = ordered_json::array({digest});
    try {
      call("CompleteLayerUpload", body.dump());
    } catch (const ServiceError& e) {
      const bool gone = e.code() == "UploadNotFoundException";
      // A completion whose answer was lost has happened: sent again, it finds no upload, or
      // the layer. The service's list of layers tells.
      if (outage_ && (gone || e.code() == "LayerAlreadyExistsException") &&
          available(availability(digest))) {
        debug_log::write("ulp.push", "the completion happened; its answer was lost");
        return;
      }
      if (gone) throw UploadLost{e, offset};
      throw;
    }
  }

  ordered_json availability(const std::string& digest) {
    ordered_json check = base();
    check["layerDigests"] = ordered_json::array({digest});
    return call("BatchCheckLayerAvailability", check.dump());
  }

  static bool available(const ordered_json& answer) {
    const ordered_json layers = answer.value("layers", ordered_json::array());
    return layers.is_array() && !layers.empty() && layers[0].is_object() &&
           layers[0].value("layerAvailability", "") == "AVAILABLE";
  }

  // Says on stderr (the progress line on a terminal) where the push goes on, and why.
  void resumed(std::uint64_t at, const std::string& why) {
    std::string line = "resumed upload " + upload_id_ + " at byte " + std::to_string(at);
    if (outage_) line += " after " + outage_->cause + " for " + seconds_text(outage_->seconds);
    bar_.say(line + why);
    bar_.note("resumed at byte " + std::to_string(at));
  }

  ordered_json base() const {
    ordered_json b = ordered_json::object();
    if (!t_.registry_id.empty()) b["registryId"] = t_.registry_id;
    b["repositoryName"] = t_.repository;
    return b;
  }

  std::string part_body(std::uint64_t offset, const std::string& bytes) const {
    CallParameters p;
    p.values = base();
    p.values["uploadId"] = upload_id_;
    p.values["partFirstByte"] = offset;
    p.values["partLastByte"] = offset + bytes.size() - 1;
    p.values["layerPartBlob"] = "<bytes>";
    p.binary_blobs["layerPartBlob"] = bytes;
    return wire_body(p, Spec::get().shape("UploadLayerPartRequest"));
  }

  // One call, sent again after a failure without an answer or a transient 5xx for up to
  // kRounds rounds; outage_ tells what it rode out.
  ordered_json call(const std::string& operation, const std::string& body) {
    outage_.reset();
    for (int round = 1;; ++round) {
      try {
        ordered_json answer = client_.call(operation, body);
        answered();
        return answer;
      } catch (const TransportError& e) {
        next_round(round, "", e.what());
      } catch (const ServiceError& e) {
        if (!transient(e.code())) {
          answered();
          throw;
        }
        next_round(round, e.code(), e.what());
      }
    }
  }

  void start_outage(const std::string& code) {
    if (!outage_)
      outage_ = Outage{code.empty() ? "the connection was lost" : "the service answered " + code,
                       Clock::now()};
  }

  // A failure worth riding out, and the wait before the next try (on the progress line).
  void failing(const std::string& code, double wait_seconds) {
    start_outage(code);
    bar_.note((code.empty() ? "connection lost" : code) + ", retry in " +
              seconds_text(wait_seconds));
  }

  void answered() {
    if (!outage_) return;
    outage_->seconds = std::chrono::duration<double>(Clock::now() - outage_->since).count();
    bar_.note("");
  }

  // After failed round `round`: waits before the next, or gives up (rethrowing) after the last.
  void next_round(int round, const std::string& code, const std::string& why) {
    if (round >= kRounds) {
      start_outage(code);
      const double seconds = std::chrono::duration<double>(Clock::now() - outage_->since).count();
      bar_.say("gave up" + (upload_id_.empty() ? "" : " on upload " + upload_id_) + " after " +
               outage_->cause + " for " + seconds_text(seconds) + " (" + std::to_string(kRounds) +
               " rounds)");
      throw;
    }
    const milliseconds delay = wait_after(round);
    debug_log::write("ulp.push", "transient failure (" + why + "); round " +
                                     std::to_string(round + 1) + " in " +
                                     std::to_string(delay.count()) + " ms");
    failing(code, seconds_of(delay));
    std::this_thread::sleep_for(delay);
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

  // Where to go on after a refused part: the byte after the last one the service holds,
  // which must be one this push has sent.
  std::optional<std::uint64_t> resume_point(const ServiceError& e) const {
    if (e.code() != "InvalidLayerPartException") return std::nullopt;
    auto it = e.body().find("lastValidByteReceived");
    if (it == e.body().end() || !it->is_number_integer()) return std::nullopt;
    const long long last = it->get<long long>();
    if (last < -1 || static_cast<std::uint64_t>(last + 1) > hashed_) return std::nullopt;
    return static_cast<std::uint64_t>(last + 1);
  }

  ServiceClient& client_;
  const PushTarget& t_;
  std::ifstream& file_;
  std::uint64_t size_;
  ProgressBar bar_;
  std::string upload_id_;
  std::optional<Outage> outage_;
  Sha256 hash_;
  std::uint64_t hashed_ = 0;
};

}  // namespace

std::string push_layer_file(ServiceClient& client, const PushTarget& target, std::ifstream& file,
                            std::uint64_t size) {
  return Pusher(client, target, file, size).push();
}

std::string retry_policy() {
  return "up to " + std::to_string(kRounds) + " rounds " + wait_text(seconds_of(wait_after(1))) +
         " apart, doubling to " + wait_text(seconds_of(kLongestWait)) + " (" +
         wait_text(seconds_of(total_wait())) + " of waiting in all)";
}

}  // namespace ulp::cli
