#include "fuzz/generators/fixture_cases.hpp"

#include <algorithm>
#include <fstream>

#include "core/spec.hpp"

namespace ulp::fuzz {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::vector<std::pair<std::string, std::string>> string_pairs(const json& object) {
  std::vector<std::pair<std::string, std::string>> out;
  if (object.is_object())
    for (const auto& [k, v] : object.items())
      out.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
  return out;
}

SeedStep read_step(const json& j) {
  SeedStep s;
  s.op = j.at("op").get<std::string>();
  if (j.contains("request")) s.request = j["request"];
  if (j.contains("rawBody")) s.raw_body = j["rawBody"].get<std::string>();
  if (j.contains("omit")) s.omit = j["omit"].get<std::vector<std::string>>();
  s.headers = string_pairs(j.value("headers", json::object()));
  if (j.contains("omitHeaders")) s.omit_headers = j["omitHeaders"].get<std::vector<std::string>>();
  s.save = string_pairs(j.value("save", json::object()));
  if (j.contains("repeat") && j["repeat"].is_number_integer())
    s.repeat = std::clamp(j["repeat"].get<int>(), 0, 64);  // a seed needs a few, not thousands
  else if (j.contains("repeat"))
    s.repeat = 2;  // an expression: twice shows the pattern
  if (j.contains("copies")) s.repeat = std::max(s.repeat, std::min(j["copies"].get<int>(), 4));
  if (j.contains("waitSeconds"))
    s.wait_seconds = static_cast<std::int64_t>(j["waitSeconds"].get<double>());
  return s;
}

// The values of a forEach: [label-or-value, {"label", "value"}] or {"requiredOf": SHAPE}.
std::vector<std::pair<std::string, json>> variants(const json& values) {
  std::vector<std::pair<std::string, json>> out;
  if (values.is_object() && values.contains("requiredOf")) {
    for (const auto& r : Spec::get().shape(values["requiredOf"].get<std::string>()).required)
      out.emplace_back(r, r);
    return out;
  }
  for (const auto& v : values) {
    if (v.is_object() && v.contains("label"))
      out.emplace_back(v["label"].get<std::string>(), v["value"]);
    else
      out.emplace_back(v.is_string() ? v.get<std::string>() : v.dump(), v);
  }
  return out;
}

}  // namespace

std::vector<SeedCase> load_fixture_cases(const fs::path& dir, std::vector<std::string>* problems) {
  std::vector<SeedCase> cases;
  if (!fs::is_directory(dir)) return cases;
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    try {
      std::ifstream in(file);
      json j = json::parse(in);
      SeedCase base;
      base.id = j.at("id").get<std::string>();
      if (j.contains("blobs"))
        for (const auto& [name, spec] : j["blobs"].items()) base.blobs[name] = spec;
      for (const auto& step : j.at("steps")) base.steps.push_back(read_step(step));
      if (!j.contains("forEach")) {
        cases.push_back(std::move(base));
        continue;
      }
      const std::string var = j["forEach"].at("var").get<std::string>();
      for (const auto& [label, value] : variants(j["forEach"].at("values"))) {
        SeedCase c = base;
        c.id += "/" + label;
        c.variables[var] = value;
        cases.push_back(std::move(c));
      }
    } catch (const std::exception& e) {
      if (problems) problems->push_back(file.string() + ": " + e.what());
    }
  }
  return cases;
}

}  // namespace ulp::fuzz
