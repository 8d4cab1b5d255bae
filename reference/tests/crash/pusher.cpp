#include "reference/tests/crash/pusher.hpp"

#include <algorithm>
#include <functional>
#include <thread>

#include "core/push_requests.hpp"
#include "core/sha256.hpp"
#include "core/splitmix64.hpp"
#include "reference/tests/crash/oracle.hpp"

namespace ulp::crash {

using namespace std::chrono_literals;

namespace {

HttpTargetOptions target_options(const std::string& endpoint) {
  HttpTargetOptions options;
  options.endpoint_url = endpoint;
  // Loopback: a live server answers in milliseconds, a dead one refuses at once.
  options.connect_timeout_seconds = 2;
  options.read_timeout_seconds = 15;
  return options;
}

}  // namespace

Pusher::Pusher(int index, PushConfig config, RunState& run)
    : index_(index),
      config_(std::move(config)),
      run_(run),
      target_(target_options(config_.endpoint)),
      rng_(splitmix64(config_.seed ^ splitmix64(static_cast<std::uint64_t>(index) + 1))) {}

std::int64_t Pusher::uniform(std::int64_t low, std::int64_t high) {
  if (high <= low) return low;
  return low + static_cast<std::int64_t>(splitmix64_next(rng_) %
                                         static_cast<std::uint64_t>(high - low + 1));
}

std::string Pusher::layer_bytes(std::int64_t size, const std::string& upload_id) {
  // The upload ID is mixed in, so that a data directory used again never gets a layer twice.
  std::uint64_t state = splitmix64(config_.seed) ^ splitmix64(std::hash<std::string>{}(upload_id));
  std::string bytes(static_cast<std::size_t>(size), '\0');
  for (std::size_t i = 0; i < bytes.size(); i += 8) {
    const std::uint64_t word = splitmix64_next(state);
    for (std::size_t j = 0; j < 8 && i + j < bytes.size(); ++j)
      bytes[i + j] = static_cast<char>(word >> (8 * j));
  }
  return bytes;
}

void Pusher::violation(const std::string& upload_id, const std::string& what) {
  run_.violations.record("client " + std::to_string(index_) +
                         (upload_id.empty() ? "" : " upload " + upload_id) + ": " + what);
}

void Pusher::heard(const Answer& answer) {
  // An answer from a later server than the upload's previous answer: it went on across a
  // restart.
  if (upload_generation_ >= 0 && answer.generation != upload_generation_) {
    ++run_.counters.resumes;
    ++upload_restarts_;
  }
  upload_generation_ = answer.generation;
  last_generation_ = std::max(last_generation_.load(), answer.generation);
}

std::optional<Pusher::Answer> Pusher::send(const Request& request, const std::string& upload_id) {
  const auto give_up = Clock::now() + config_.server_away_limit;
  auto backoff = 5ms;
  bool lost = false;
  // Bounded by give_up: each round waits at least a millisecond.
  while (!run_.stop) {
    const std::int64_t generation = run_.generation.load();
    Response r = target_.send(request);
    // A 5xx while the server was being killed is a lost answer; any other is an answer.
    const bool cut = r.status == 0 || (r.status >= 500 && run_.generation.load() != generation);
    if (!cut) {
      if (lost) ++run_.counters.answers_lost;
      return Answer{std::move(r), lost, generation};
    }
    lost = true;
    if (Clock::now() > give_up) {
      violation(upload_id, request.operation + ": no answer for " +
                               std::to_string(config_.server_away_limit.count()) +
                               " s: " + describe(r));
      return std::nullopt;
    }
    const auto half = backoff / 2;
    std::this_thread::sleep_for(half + std::chrono::milliseconds(uniform(1, half.count())));
    backoff = std::min<std::chrono::milliseconds>(backoff * 2, 250ms);
  }
  return std::nullopt;
}

void Pusher::push_layer() {
  const std::string& repository = config_.repository;
  auto initiated = send(initiate_request(repository), "");
  if (!initiated) return;
  upload_generation_ = -1;
  upload_restarts_ = 0;
  heard(*initiated);
  const Response& r = initiated->response;
  const bool has_id = r.ok() && r.json && r.json->is_object() && r.json->contains("uploadId") &&
                      r.json->at("uploadId").is_string();
  if (!has_id) return violation("", "InitiateLayerUpload: unexpected answer " + describe(r));
  const std::string id = r.json->at("uploadId").get<std::string>();
  const std::int64_t size = uniform(config_.min_layer, config_.max_layer);
  const std::string bytes = layer_bytes(size, id);
  const std::string digest = "sha256:" + Sha256::hex_of(bytes);
  auto layer = [&] {
    return " (layer of " + std::to_string(size) + " bytes, " + digest + "; the upload went on " +
           "across " + std::to_string(upload_restarts_) + " restart(s))";
  };

  // Each round moves the position forward or ends the upload: at most `size` rounds.
  std::int64_t position = 0;
  while (position < size) {
    std::int64_t n = std::min(uniform(config_.min_part, config_.max_part), size - position);
    std::string_view part(bytes.data() + position, static_cast<std::size_t>(n));
    auto answer = send(part_request(repository, id, position, part), id);
    if (!answer) return;
    heard(*answer);
    PartVerdict verdict = judge_part({position, n, answer->lost}, answer->response);
    if (!verdict.position) return violation(id, verdict.violation + layer());
    ++run_.counters.parts_acknowledged;
    if (!answer->response.ok()) ++run_.counters.parts_found_durable;
    position = *verdict.position;
  }

  auto completed = send(complete_request(repository, id, digest), id);
  if (!completed) return;
  heard(*completed);
  CompletionVerdict verdict = judge_completion(digest, completed->lost, completed->response);
  if (verdict.kind == CompletionVerdict::violation) return violation(id, verdict.text + layer());

  auto checked = send(check_request(repository, {digest}), id);
  if (!checked) return;
  if (auto wrong = judge_availability(digest, size, checked->response))
    return violation(id, *wrong +
                             (verdict.kind == CompletionVerdict::check_availability
                                  ? ", after the upload was gone (its completion's answer was lost)"
                                  : "") +
                             layer());
  if (verdict.kind == CompletionVerdict::check_availability) ++run_.counters.completions_found_done;
  ++run_.counters.layers_verified;
  run_.counters.bytes_verified += size;
  run_.completed.add({digest, size});
}

void Pusher::run() {
  // Bounded by the run: it stops at its deadline or first violation; the count is a backstop.
  for (int i = 0; i < 10'000'000 && !run_.stop; ++i) push_layer();
}

}  // namespace ulp::crash
