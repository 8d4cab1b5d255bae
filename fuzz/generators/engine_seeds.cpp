#include "fuzz/generators/engine_seeds.hpp"

#include <algorithm>
#include <map>

#include "core/base64.hpp"
#include "core/validate.hpp"
#include "fuzz/support/engine_script.hpp"
#include "fuzz/support/fuzz_reference.hpp"

namespace ulp::fuzz {

using nlohmann::json;

namespace {

// What the translation needs to know of the reference's state: the uploads in order, and
// where each expects its next part.
struct Tracker {
  std::vector<std::string> uploads;
  std::map<std::string, std::int64_t> next_byte;

  std::uint8_t upload_index(const std::string& id) const {
    auto it = std::find(uploads.begin(), uploads.end(), id);
    if (it == uploads.end() || it - uploads.begin() >= kUnknownUpload) return kUnknownUpload;
    return static_cast<std::uint8_t>(it - uploads.begin());
  }
};

// A string member, or "" when it is absent or of another type (seeds hold wrong types).
std::string string_member(const json& body, const char* member) {
  auto it = body.find(member);
  return it != body.end() && it->is_string() ? it->get<std::string>() : "";
}

std::uint8_t repository_index(const json& body) {
  const auto& names = fuzz_repositories();
  auto it = std::find(names.begin(), names.end(), string_member(body, "repositoryName"));
  return static_cast<std::uint8_t>(it == names.end() ? names.size() - 1 : it - names.begin());
}

Registry registry_of(const json& body) {
  if (!body.contains("registryId")) return Registry::omitted;
  return body["registryId"] == fuzz_profile().registry_id ? Registry::own : Registry::foreign;
}

std::int64_t position(const json& body, const char* member) {
  auto it = body.find(member);
  return it != body.end() && it->is_number_integer()
             ? std::max<std::int64_t>(0, it->get<std::int64_t>())
             : 0;
}

void relative_first(EngineStep& s, std::int64_t first, std::int64_t next) {
  if (first == next) {
    s.first_from = FirstByte::next;
  } else if (std::abs(first - next) <= kMaxOffset) {
    s.first_from = FirstByte::offset;
    s.first = first - next;
  } else {
    s.first_from = FirstByte::absolute;
    s.first = std::min(first, std::int64_t{1} << 40);
  }
}

void relative_last(EngineStep& s, std::int64_t last, std::int64_t fits) {
  if (last == fits) {
    s.last_from = LastByte::fits;
  } else if (std::abs(last - fits) <= kMaxOffset) {
    s.last_from = LastByte::offset;
    s.last = last - fits;
  } else {
    s.last_from = LastByte::absolute;
    s.last = std::min(last, std::int64_t{1} << 40);
  }
}

std::vector<Digest> digest_choices(const json& body, bool completed) {
  std::vector<Digest> out;
  if (body.contains("layerDigests") && body["layerDigests"].is_array())
    for (const auto& d : body["layerDigests"]) {
      if (out.size() == 3) break;
      if (!d.is_string() || validate("LayerDigest", d))
        out.push_back(Digest::malformed);
      else
        out.push_back(completed ? Digest::layer : Digest::other);
    }
  if (out.empty()) out.push_back(Digest::layer);
  return out;
}

}  // namespace

void add_engine_seeds(const RanCase& ran, CorpusWriter& out) {
  Tracker t;
  std::vector<EngineStep> steps;
  for (const Exchange& e : ran.exchanges) {
    if (e.waited_seconds > 0) {
      EngineStep wait;
      wait.op = EngineOp::advance_clock;
      wait.seconds = static_cast<std::uint16_t>(std::min<std::int64_t>(e.waited_seconds, 8000));
      steps.push_back(wait);
    }
    auto body = json::parse(e.request.body, nullptr, false);
    if (!body.is_object()) continue;
    const json answer = e.response.json.value_or(json::object());
    EngineStep s;
    s.repository = repository_index(body);
    s.registry = registry_of(body);
    const std::string& op = e.request.operation;
    const std::string upload = string_member(body, "uploadId");
    s.upload = t.upload_index(upload);
    if (op == "InitiateLayerUpload") {
      s.op = EngineOp::initiate;
      if (e.response.ok()) t.uploads.push_back(string_member(answer, "uploadId"));
    } else if (op == "UploadLayerPart") {
      s.op = EngineOp::upload_part;
      std::string blob;
      if (body.contains("layerPartBlob") && body["layerPartBlob"].is_string())
        blob = base64::decode(body["layerPartBlob"].get<std::string>()).value_or("");
      s.size = static_cast<std::uint16_t>(std::min<std::size_t>(blob.size(), kMaxBlob));
      s.fill = blob.empty() ? 0 : static_cast<std::uint8_t>(blob[0]);
      const std::int64_t first = position(body, "partFirstByte");
      relative_first(s, first, t.next_byte[upload]);
      relative_last(s, position(body, "partLastByte"),
                    first + static_cast<std::int64_t>(blob.size()) - 1);
      if (e.response.ok()) t.next_byte[upload] = position(answer, "lastByteReceived") + 1;
    } else if (op == "CompleteLayerUpload") {
      s.op = EngineOp::complete;
      s.digests = digest_choices(body, e.response.ok());
    } else if (op == "BatchCheckLayerAvailability") {
      s.op = EngineOp::batch_check;
      s.digests = digest_choices(body, true);
    } else if (op == "CreateRepository") {
      s.op = EngineOp::create_repository;
    } else if (op == "DeleteRepository") {
      s.op = EngineOp::delete_repository;
      s.force = body.contains("force") && body["force"] == true;
    } else {
      continue;
    }
    steps.push_back(s);
  }
  if (!steps.empty()) out.add("engine", encode_engine_script(steps));
}

void add_builtin_engine_seeds(CorpusWriter& out) {
  auto step = [](EngineOp op) {
    EngineStep s;
    s.op = op;
    return s;
  };
  auto part = [](std::uint16_t size, std::uint8_t upload = 0) {
    EngineStep s;
    s.op = EngineOp::upload_part;
    s.size = size;
    s.fill = static_cast<std::uint8_t>(size * 7 + upload);
    s.upload = upload;
    return s;
  };
  auto complete = [](Digest d) {
    EngineStep s;
    s.op = EngineOp::complete;
    s.digests = {d};
    return s;
  };
  EngineStep wait = step(EngineOp::advance_clock);
  wait.seconds = 4000;  // past the small profile's uploadLifetimeSeconds
  EngineStep foreign = step(EngineOp::initiate);
  foreign.registry = Registry::foreign;
  EngineStep own = step(EngineOp::initiate);
  own.registry = Registry::own;
  EngineStep other_repository = step(EngineOp::initiate);
  other_repository.repository = 1;
  EngineStep create_existing = step(EngineOp::create_repository);
  EngineStep create_new = step(EngineOp::create_repository);
  create_new.repository = 2;
  EngineStep remove = step(EngineOp::delete_repository);
  EngineStep remove_forced = remove;
  remove_forced.force = true;

  out.add("engine", encode_engine_script({step(EngineOp::initiate), part(16), part(16), part(5),
                                          complete(Digest::layer), step(EngineOp::batch_check)}));
  out.add("engine", encode_engine_script({step(EngineOp::initiate), part(8), wait, part(8)}));
  out.add("engine", encode_engine_script({foreign, own, other_repository, part(4, 1), part(4, 0)}));
  out.add("engine", encode_engine_script({step(EngineOp::initiate), part(20),
                                          complete(Digest::layer), remove, remove_forced,
                                          create_existing, create_new, step(EngineOp::initiate)}));
  out.add("engine",
          encode_engine_script({step(EngineOp::initiate), step(EngineOp::initiate), part(20, 0),
                                part(20, 1), complete(Digest::another_upload),
                                complete(Digest::layer_upper_case)}));
}

}  // namespace ulp::fuzz
