#include "core/aws_json.hpp"

#include <simdjson.h>

#include "core/spec.hpp"

namespace ulp::aws_json {

using nlohmann::json;

namespace {

json convert(simdjson::dom::element e) {
  switch (e.type()) {
    case simdjson::dom::element_type::OBJECT: {
      json o = json::object();
      for (auto [key, value] : simdjson::dom::object(e)) o[std::string(key)] = convert(value);
      return o;
    }
    case simdjson::dom::element_type::ARRAY: {
      json a = json::array();
      for (auto value : simdjson::dom::array(e)) a.push_back(convert(value));
      return a;
    }
    case simdjson::dom::element_type::STRING:
      return std::string(std::string_view(e));
    case simdjson::dom::element_type::INT64:
      return std::int64_t(e);
    case simdjson::dom::element_type::UINT64:
      return std::uint64_t(e);
    case simdjson::dom::element_type::DOUBLE:
      return double(e);
    case simdjson::dom::element_type::BOOL:
      return bool(e);
    case simdjson::dom::element_type::NULL_VALUE:
      return nullptr;
  }
  return nullptr;
}

}  // namespace

std::variant<json, ParseError> parse(std::string_view body, int max_depth) {
  // A parser per call: its buffers grow with the body, and keeping one per server thread
  // would keep that memory after a large part.
  simdjson::dom::parser parser;
  if (parser.allocate(body.size(), static_cast<std::size_t>(max_depth)) != simdjson::SUCCESS)
    return ParseError{"the body is too large to parse"};
  simdjson::dom::element root;
  auto error = parser.parse(body.data(), body.size()).get(root);
  // simdjson calls a number beyond 64 bits a syntax error; nlohmann (non-recursive, and only
  // on this rare path) tells a well-formed but too large number from a malformed one.
  if (error == simdjson::NUMBER_ERROR &&
      !json::parse(body, nullptr, /*allow_exceptions=*/false).is_discarded())
    return ParseError{"a number in the body does not fit in 64 bits", true};
  if (error == simdjson::DEPTH_ERROR)
    return ParseError{"the body nests deeper than " + std::to_string(max_depth) + " levels"};
  if (error) return ParseError{std::string("the body is not valid JSON: ") + error_message(error)};
  return convert(root);
}

std::string with_blob(const json& fields, std::string_view member, std::string_view base64) {
  std::string out = fields.dump();
  out.pop_back();  // the closing brace of the object
  out.reserve(out.size() + member.size() + base64.size() + 8);
  if (out.size() > 1) out += ',';
  out += '"';
  out += member;
  out += "\":\"";
  out += base64;
  out += "\"}";
  return out;
}

std::string strip_namespace(std::string_view type) {
  if (auto hash = type.rfind('#'); hash != std::string_view::npos) type.remove_prefix(hash + 1);
  if (auto colon = type.find(':'); colon != std::string_view::npos) type = type.substr(0, colon);
  return std::string(type);
}

std::string error_type(const json* body, const httplib::Headers& headers) {
  const Protocol& p = Spec::get().protocol;
  if (body && body->is_object()) {
    auto it = body->find(p.error_type_field);
    if (it != body->end() && it->is_string()) return strip_namespace(it->get<std::string>());
    // Some servers send "code" instead, as the restJson protocols do.
    it = body->find("code");
    if (it != body->end() && it->is_string()) return strip_namespace(it->get<std::string>());
  }
  auto h = headers.find(p.error_type_header);
  if (h != headers.end()) return strip_namespace(h->second);
  return "";
}

}  // namespace ulp::aws_json
