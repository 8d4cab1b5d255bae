#include "fuzz/netfuzz/call.hpp"

namespace ulp::netfuzz {

using nlohmann::json;

json Call::to_json() const {
  json j = {{"op", op}};
  if (raw_body)
    j["rawBody"] = *raw_body;
  else
    j["body"] = body;
  if (!headers.empty()) j["headers"] = headers;
  if (!omit_headers.empty()) j["omitHeaders"] = omit_headers;
  if (!saves_upload.empty()) j["savesUpload"] = saves_upload;
  if (!intent.empty()) j["intent"] = intent;
  if (!signing.empty()) j["signing"] = signing;
  return j;
}

Call Call::from_json(const json& j) {
  Call c;
  c.op = j.at("op").get<std::string>();
  if (j.contains("rawBody")) c.raw_body = j["rawBody"].get<std::string>();
  if (j.contains("body")) c.body = j["body"];
  if (j.contains("headers"))
    c.headers = j["headers"].get<std::vector<std::pair<std::string, std::string>>>();
  if (j.contains("omitHeaders")) c.omit_headers = j["omitHeaders"].get<std::vector<std::string>>();
  c.saves_upload = j.value("savesUpload", "");
  c.intent = j.value("intent", "");
  c.signing = j.value("signing", "");
  return c;
}

namespace {

json bind(const json& value, const Bindings& b) {
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    if (s.size() > 3 && s.starts_with("${") && s.ends_with("}"))
      if (auto it = b.find(s.substr(2, s.size() - 3)); it != b.end()) return it->second;
    return value;
  }
  if (value.is_array()) {
    json out = json::array();
    for (const auto& v : value) out.push_back(bind(v, b));
    return out;
  }
  if (value.is_object()) {
    json out = json::object();
    for (const auto& [k, v] : value.items()) out[k] = bind(v, b);
    return out;
  }
  return value;
}

}  // namespace

std::vector<std::pair<std::size_t, std::size_t>> template_spans(const std::string& text) {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  std::size_t at = 0;
  while ((at = text.find("${", at)) != std::string::npos) {
    std::size_t end = text.find('}', at);
    if (end == std::string::npos) break;
    spans.emplace_back(at, end + 1);
    at = end + 1;
  }
  return spans;
}

Request render(const Call& call, const Bindings& bindings) {
  Request r;
  r.operation = call.op;
  if (call.raw_body) {
    std::string text = *call.raw_body;
    auto spans = template_spans(text);
    for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
      auto bound = bindings.find(text.substr(it->first + 2, it->second - it->first - 3));
      if (bound != bindings.end()) text.replace(it->first, it->second - it->first, bound->second);
    }
    r.body = std::move(text);
  } else {
    r.body = bind(call.body, bindings).dump();
  }
  for (const auto& [name, value] : call.headers) r.headers.emplace(name, value);
  r.omit_headers = call.omit_headers;
  return r;
}

}  // namespace ulp::netfuzz
