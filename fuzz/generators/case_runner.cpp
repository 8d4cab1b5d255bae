#include "fuzz/generators/case_runner.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "core/splitmix64.hpp"
#include "fuzz/generators/seed_expression.hpp"
#include "fuzz/support/fuzz_reference.hpp"
#include "reference/in_process_target.hpp"

namespace ulp::fuzz {

using nlohmann::json;

namespace {

std::string blob_bytes(const std::string& case_id, const std::string& name, std::uint64_t seed,
                       std::int64_t size) {
  std::uint64_t state = 0xCBF29CE484222325ull ^ seed;
  for (unsigned char c : case_id + "/" + name) state = (state ^ c) * 0x100000001B3ull;
  std::string bytes(static_cast<std::size_t>(std::clamp<std::int64_t>(size, 0, kMaxSeedBlobBytes)),
                    '\0');
  for (std::size_t i = 0; i < bytes.size(); i += 8) {
    std::uint64_t word = splitmix64_next(state);
    std::memcpy(&bytes[i], &word, std::min<std::size_t>(8, bytes.size() - i));
  }
  return bytes;
}

std::int64_t blob_size(const json& size, const SeedScope& scope) {
  if (size.is_number_integer()) return size.get<std::int64_t>();
  if (!size.is_string()) return 0;
  std::string text = size.get<std::string>();
  if (text.starts_with("${") && text.ends_with("}")) text = text.substr(2, text.size() - 3);
  auto v = evaluate_seed_expression(text, scope);
  return v && v->is_number_integer() ? v->get<std::int64_t>() : 0;
}

// "repository.registryId", "layers[0].layerDigest".
const json* member_at(const json& value, const std::string& path) {
  const json* at = &value;
  std::size_t i = 0;
  while (i < path.size()) {
    std::size_t end = path.find_first_of(".[", i);
    std::string key = path.substr(i, end - i);
    if (!key.empty()) {
      if (!at->is_object() || !at->contains(key)) return nullptr;
      at = &(*at)[key];
    }
    if (end == std::string::npos) break;
    if (path[end] == '[') {
      std::size_t close = path.find(']', end);
      if (close == std::string::npos) return nullptr;
      std::size_t index = std::stoul(path.substr(end + 1, close - end - 1));
      if (!at->is_array() || index >= at->size()) return nullptr;
      at = &(*at)[index];
      i = close + 1;
      if (i < path.size() && path[i] == '.') ++i;
    } else {
      i = end + 1;
    }
  }
  return at;
}

}  // namespace

RanCase run_seed_case(const SeedCase& c) {
  FuzzReference reference;
  reference::InProcessTarget target(reference.handler());
  const Profile& limits = fuzz_profile();

  SeedScope scope;
  scope.names = {{"repositoryName", FuzzContext::repository_name},
                 {"otherRepositoryName", FuzzContext::other_repository_name},
                 {"unknownRepositoryName", FuzzContext::unknown_repository_name},
                 {"registryId", limits.registry_id},
                 {"region", limits.region},
                 {"minPartBytes", limits.min_part_bytes},
                 {"maxPartBytes", limits.max_part_bytes},
                 {"partSize", limits.part_size},
                 {"maxPartsPerLayer", limits.max_parts_per_layer},
                 {"maxLayerBytes", limits.max_layer_bytes},
                 {"uploadLifetimeSeconds", limits.upload_lifetime_seconds},
                 {"maxOpenUploadsPerRepository", limits.max_open_uploads_per_repository}};
  int uuids = 0;
  scope.new_uuid = [&uuids] {
    char buf[37];
    std::snprintf(buf, sizeof buf, "5eed0000-0000-4000-8000-%012x", ++uuids);
    return std::string(buf);
  };
  for (const auto& [name, spec] : c.blobs)
    scope.blobs[name] = blob_bytes(c.id, name, spec.value("seed", 0),
                                   blob_size(spec.value("size", json(0)), scope));
  int inline_blobs = 0;
  auto make_blob = [&](const json& spec) {
    return blob_bytes(c.id, "inline" + std::to_string(inline_blobs++), spec.value("seed", 0),
                      blob_size(spec.value("size", json(0)), scope));
  };

  // A forEach value may itself hold expressions ("${repeat('0', 64)}").
  for (const auto& [name, value] : c.variables)
    scope.names[name] = expand_seed_value(value, scope, make_blob);

  RanCase out{c.id, {}};
  for (const SeedStep& step : c.steps) {
    reference.now += step.wait_seconds;
    for (int i = 0; i < step.repeat; ++i) {
      scope.names["i"] = i;
      Request r;
      r.operation = step.op;
      if (step.raw_body) {
        json body = expand_seed_template(*step.raw_body, scope);
        r.body = body.is_string() ? body.get<std::string>() : body.dump();
      } else if (step.request) {
        json body = expand_seed_value(*step.request, scope, make_blob);
        for (const auto& m : step.omit)
          if (body.is_object()) body.erase(m);
        r.body = body.is_string() ? body.get<std::string>() : body.dump();
      }
      auto text = [&](const std::string& t) {
        json v = expand_seed_template(t, scope);
        return v.is_string() ? v.get<std::string>() : v.dump();
      };
      for (const auto& [name, value] : step.headers) r.headers.emplace(text(name), text(value));
      for (const auto& name : step.omit_headers) r.omit_headers.push_back(text(name));
      Response answer = target.send(r);
      if (answer.json)
        for (const auto& [name, path] : step.save)
          if (const json* v = member_at(*answer.json, path)) scope.names[name] = *v;
      out.exchanges.push_back({std::move(r), std::move(answer), i == 0 ? step.wait_seconds : 0});
    }
  }
  return out;
}

}  // namespace ulp::fuzz
