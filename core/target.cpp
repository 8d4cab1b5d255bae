#include "core/target.hpp"

#include "core/aws_json.hpp"
#include "core/spec.hpp"

namespace ulp {

Request Request::of(std::string operation, const nlohmann::json& body) {
  Request r;
  r.operation = std::move(operation);
  r.body = body.dump();
  return r;
}

Headers Request::wire_headers() const {
  const Protocol& p = Spec::get().protocol;
  Headers out{{"Content-Type", p.content_type},
              {p.target_header, p.target_prefix + "." + operation}};
  for (const auto& name : omit_headers) out.erase(name);
  for (const auto& [name, value] : headers) out.erase(name);
  for (const auto& h : headers) out.insert(h);
  return out;
}

std::string Response::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

Response Response::decode(int status, Headers headers, std::string body) {
  Response r;
  r.status = status;
  r.headers = std::move(headers);
  r.body = std::move(body);
  // Depth-limited: a hostile endpoint's deeply nested answer must not exhaust the stack.
  auto parsed = aws_json::parse(r.body, Spec::get().protocol.max_json_depth);
  if (auto* j = std::get_if<nlohmann::json>(&parsed)) r.json = std::move(*j);
  if (!r.ok()) r.error_type = aws_json::error_type(r.json ? &*r.json : nullptr, r.headers);
  return r;
}

}  // namespace ulp
