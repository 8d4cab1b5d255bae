#include "fuzz/netfuzz/generator.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "core/base64.hpp"
#include "core/sha256.hpp"

namespace ulp::netfuzz {

using nlohmann::json;

Generator::Generator(std::mt19937_64& rng, GeneratorOptions options, const Profile& limits)
    : rng_(rng), options_(options), limits_(limits) {
  other_repository_ = chance(30);
  calls_left_ = static_cast<int>(between(2, options_.max_calls));
}

bool Generator::chance(int percent) {
  return std::uniform_int_distribution<int>(0, 99)(rng_) < percent;
}

std::int64_t Generator::between(std::int64_t lo, std::int64_t hi) {
  return std::uniform_int_distribution<std::int64_t>(lo, std::max(lo, hi))(rng_);
}

std::string Generator::random_bytes(std::int64_t n) {
  std::string out(static_cast<std::size_t>(std::max<std::int64_t>(0, n)), '\0');
  for (auto& c : out) c = static_cast<char>(rng_() & 0xFF);
  return out;
}

std::string Generator::random_upload_id() {
  const std::uint64_t hi = rng_(), lo = rng_();
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08llx-%04llx-4%03llx-8%03llx-%012llx",
                static_cast<unsigned long long>(hi >> 32),
                static_cast<unsigned long long>((hi >> 16) & 0xFFFF),
                static_cast<unsigned long long>(hi & 0xFFF),
                static_cast<unsigned long long>(lo >> 52),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
  return buf;
}

// Sizes around every limit the profile sets, and small ones; none past max_blob_bytes.
std::int64_t Generator::part_size() {
  const std::int64_t cap = options_.max_blob_bytes;
  std::vector<std::int64_t> sizes = {1, 2, 3, between(1, std::min<std::int64_t>(cap, 64)),
                                     between(1, cap)};
  for (std::int64_t s : {limits_.min_part_bytes - 1, limits_.min_part_bytes,
                         limits_.min_part_bytes + 1, limits_.part_size, limits_.max_part_bytes})
    if (s >= 1 && s <= cap) sizes.push_back(s);
  return sizes[between(0, static_cast<std::int64_t>(sizes.size()) - 1)];
}

const UploadState* Generator::pick_upload(const SessionModel& session, bool open_only) {
  std::vector<const UploadState*> candidates;
  for (const auto& u : session.uploads())
    if (!open_only || !u.completed) candidates.push_back(&u);
  if (candidates.empty()) return nullptr;
  if (chance(75)) return candidates.back();  // mostly the latest, as clients do
  return candidates[between(0, static_cast<std::int64_t>(candidates.size()) - 1)];
}

std::optional<Call> Generator::next(const SessionModel& session) {
  if (calls_left_-- <= 0) return std::nullopt;
  const bool any_open = std::any_of(session.uploads().begin(), session.uploads().end(),
                                    [](const UploadState& u) { return !u.completed; });
  if (!any_open) {
    if (chance(85)) return initiate(session);
    return chance(50) ? part(session) : batch_check(session);
  }
  const int r = static_cast<int>(between(0, 99));
  if (r < 58) return part(session);
  if (r < 74) return complete(session);
  if (r < 88) return initiate(session);
  return batch_check(session);
}

Call Generator::initiate(const SessionModel& session) {
  Call c;
  c.op = "InitiateLayerUpload";
  std::string repository = "${repositoryName}";
  if (other_repository_ && chance(20)) repository = "${otherRepositoryName}";
  if (chance(4)) repository = "${unknownRepositoryName}";
  c.body = {{"repositoryName", repository}};
  if (chance(15)) c.body["registryId"] = "${registryId}";
  c.saves_upload = session.next_upload_name();
  c.intent = "initiate an upload";
  return c;
}

Call Generator::part(const SessionModel& session) {
  Call c;
  c.op = "UploadLayerPart";
  const UploadState* u = pick_upload(session, !chance(8));
  std::string upload = u ? "${" + u->name + "}" : random_upload_id();
  std::string repository =
      u && u->repository == "otherRepositoryName" ? "${otherRepositoryName}" : "${repositoryName}";
  const std::int64_t next = u ? u->next_byte : 0;
  std::int64_t n = part_size(), first = next;
  std::string bytes = random_bytes(n);
  std::int64_t last = first + n - 1;
  c.intent = u ? "the next part of " + u->name : "a part of an upload no one initiated";
  if (u && chance(30)) {
    switch (between(0, 10)) {
      case 0:
        first = next + between(1, 3), last = first + n - 1, c.intent = "a part past the next byte";
        break;
      case 1:
        first = std::max<std::int64_t>(0, next - between(1, 3)), last = first + n - 1;
        c.intent = "a part overlapping what was received";
        break;
      case 2:
        first = 0, last = n - 1, c.intent = "a part rewound to byte 0";
        break;
      case 3:
        if (u->last_first >= 0) {
          first = u->last_first, last = u->last_last, bytes = u->last_part;
          c.intent = "the last part again";
        }
        break;
      case 4:
        last += between(1, 2), c.intent = "a range longer than the blob";
        break;
      case 5:
        last -= between(1, 2), c.intent = "a range shorter than the blob";
        break;
      case 6:
        first = next + 5, last = next + 2, c.intent = "a range ending before it starts";
        break;
      case 7:
        bytes.clear(), last = first, c.intent = "an empty blob";
        break;
      case 8:
        if (limits_.max_part_bytes + 1 <= options_.max_blob_bytes) {
          n = limits_.max_part_bytes + 1, bytes = random_bytes(n), last = first + n - 1;
          c.intent = "a part one byte over the maximum";
        }
        break;
      case 9:
        upload = random_upload_id(), c.intent = "a part of an upload no one initiated";
        break;
      case 10:
        repository = other_repository_ && repository == "${repositoryName}"
                         ? "${otherRepositoryName}"
                         : "${unknownRepositoryName}";
        c.intent = "a part sent to another repository than its upload's";
        break;
    }
  }
  c.body = {{"repositoryName", repository},
            {"uploadId", upload},
            {"partFirstByte", std::max<std::int64_t>(0, first)},
            {"partLastByte", std::max<std::int64_t>(0, last)},
            {"layerPartBlob", base64::encode(bytes)}};
  if (chance(10)) c.body["registryId"] = "${registryId}";
  return c;
}

Call Generator::complete(const SessionModel& session) {
  Call c;
  c.op = "CompleteLayerUpload";
  const UploadState* u = pick_upload(session, !chance(10));
  const std::string right = u ? u->digest() : "sha256:" + Sha256::hex_of("nothing");
  const std::string wrong = "sha256:" + Sha256::hex_of(random_bytes(8));
  json digests = json::array({right});
  c.intent = "complete with the layer's digest";
  const int r = static_cast<int>(between(0, 99));
  if (r < 12)
    digests = json::array({wrong}), c.intent = "complete with another digest";
  else if (r < 18)
    digests = json::array({right, right}), c.intent = "complete listing the digest twice";
  else if (r < 22) {
    std::string upper = right;
    std::transform(upper.begin() + 7, upper.end(), upper.begin() + 7, ::toupper);
    digests = json::array({upper}), c.intent = "complete with the digest in upper case";
  } else if (r < 26)
    digests = json::array({"sha256:not-hex"}), c.intent = "complete with a malformed digest";
  c.body = {
      {"repositoryName", u && u->repository == "otherRepositoryName" ? "${otherRepositoryName}"
                                                                     : "${repositoryName}"},
      {"uploadId", u ? "${" + u->name + "}" : random_upload_id()},
      {"layerDigests", digests}};
  return c;
}

Call Generator::batch_check(const SessionModel& session) {
  Call c;
  c.op = "BatchCheckLayerAvailability";
  json digests = json::array();
  for (const auto& d : session.layers("repositoryName")) digests.push_back(d);
  digests.push_back("sha256:" + Sha256::hex_of(random_bytes(8)));
  c.body = {{"repositoryName", "${repositoryName}"}, {"layerDigests", digests}};
  c.intent = "check which layers are available";
  return c;
}

}  // namespace ulp::netfuzz
