#include "properties/resend_line.hpp"

#include "core/aws_json.hpp"
#include "core/base64.hpp"
#include "core/spec.hpp"

namespace ulp::properties {

using nlohmann::json;

namespace {

// What botocore checks of one value: its type, and its minimum (length or value).
bool botocore_accepts(const Shape& shape, const json& v) {
  const Spec& spec = Spec::get();
  const std::int64_t min = shape.min.value_or(0);
  if (shape.type == "string")
    return v.is_string() && v.get<std::string>().size() >= std::size_t(min);
  if (shape.type == "long" || shape.type == "integer")
    return v.is_number_integer() && (v.is_number_unsigned() || v.get<std::int64_t>() >= min);
  if (shape.type == "blob") {
    auto size = v.is_string() ? base64::decoded_size(v.get<std::string>()) : std::nullopt;
    return size && static_cast<std::int64_t>(*size) >= min;
  }
  if (shape.type == "boolean") return v.is_boolean();
  if (shape.type == "list") {
    if (!v.is_array() || static_cast<std::int64_t>(v.size()) < min) return false;
    for (const auto& item : v)
      if (!botocore_accepts(spec.shape(shape.member), item)) return false;
    return true;
  }
  return true;
}

}  // namespace

bool cli_refuses(const Request& request) {
  const Spec& spec = Spec::get();
  const Operation* op = spec.operation(request.operation);
  if (!op) return false;
  auto parsed = aws_json::parse(request.body, spec.protocol.max_json_depth);
  const json* body = std::get_if<json>(&parsed);
  if (!body || !body->is_object()) return false;
  const Shape& input = spec.shape(op->input);
  for (const auto& member : input.required)
    if (!body->contains(member)) return true;
  for (const auto& [member, value] : body->items())
    if (const std::string* shape = input.member_shape(member))
      if (!botocore_accepts(spec.shape(*shape), value)) return true;
  return false;
}

std::string resend_line(const Request& request, const ReproductionOptions& how) {
  if (!cli_refuses(request)) return reproduction_line(request, how);
  // A header of the request's own (here the default media type, so the bytes stay the same)
  // makes reproduction_line write the curl form.
  Request as_is = request;
  as_is.headers.emplace("Content-Type", Spec::get().protocol.content_type);
  return reproduction_line(as_is, how);
}

}  // namespace ulp::properties
