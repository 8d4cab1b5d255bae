// Requests the spec refuses whatever the state, with values from the model's shapes.
#include <optional>

#include "core/spec.hpp"
#include "properties/command_gen.hpp"
#include "properties/field_values.hpp"
#include "properties/pattern.hpp"
#include "properties/weighted.hpp"

namespace ulp::properties {

using nlohmann::json;

namespace {

// A value of another JSON type than the member's shape.
rc::Gen<json> wrong_type(const Shape& shape, const Limits& l) {
  if (shape.type == "long" || shape.type == "integer")
    return rc::gen::element(json("1"), json(1.5), json(true),
                            // One past the largest position: a number, but no long.
                            json(static_cast<std::uint64_t>(l.position_max) + 1));
  if (shape.type == "list") return rc::gen::element(json("sha256:00"), json(json::object()));
  return rc::gen::element(json(7), json(true), json(json::array()), json(json::object()));
}

// A value of the member's shape that its constraints refuse.
std::optional<rc::Gen<json>> invalid(const Shape& shape, const Limits& l) {
  auto as_json = [](auto gen) {
    return rc::gen::map(std::move(gen), [](auto v) { return json(std::move(v)); });
  };
  if (shape.type == "string" && (!shape.pattern.empty() || shape.min || shape.max))
    return as_json(invalid_value(shape.name));
  if ((shape.type == "long" || shape.type == "integer") && shape.min)
    return as_json(invalid_position(l));
  if (shape.type == "list") return as_json(invalid_digest_list(l));
  if (shape.type == "blob") return as_json(invalid_base64());
  return std::nullopt;
}

}  // namespace

rc::Gen<CommandPtr> invalid_field(const Model& m, std::vector<int> slots) {
  return steps(rc::gen::exec([m, slots] {
    using Change = InvalidFieldIntent::Change;
    const Spec& spec = Spec::get();
    InvalidFieldIntent in;
    in.operation = *rc::gen::elementOf(operations());
    const Shape& input = spec.shape(spec.operation(in.operation)->input);
    std::vector<std::string> members;
    for (const auto& [name, shape] : input.members) members.push_back(name);
    in.member = *rc::gen::elementOf(members);
    const Shape& shape = spec.shape(*input.member_shape(in.member));
    auto bad_value = invalid(shape, m.limits());
    Weighted<Change> changes = {{1, rc::gen::just(Change::wrong_type)}};
    if (bad_value) changes.push_back({4, rc::gen::just(Change::value)});
    if (input.is_required(in.member)) changes.push_back({1, rc::gen::just(Change::missing)});
    if (shape.type == "long") changes.push_back({1, rc::gen::just(Change::beyond_64_bits)});
    in.change = *weighted(changes);
    if (in.change == Change::value) in.value = **bad_value;
    if (in.change == Change::wrong_type) in.value = *wrong_type(shape, m.limits());
    in.slot = slots.empty() ? -1 : *rc::gen::elementOf(slots);
    in.spare_upload_id = *unknown_upload_id(m);
    return in;
  }));
}

rc::Gen<CommandPtr> malformed_body(const Model& m, std::vector<int> slots) {
  return steps(rc::gen::exec([m, slots] {
    using K = MalformedBodyIntent::Kind;
    MalformedBodyIntent in;
    in.operation = *rc::gen::elementOf(operations());
    in.kind = *weighted<K>({{3, rc::gen::just(K::truncated)},
                            {1, rc::gen::just(K::not_an_object)},
                            {2, rc::gen::just(K::noise)},
                            {1, rc::gen::just(K::too_deep)},
                            {1, rc::gen::just(K::unknown_operation)},
                            {1, rc::gen::just(K::other_media_type)}});
    switch (in.kind) {
      case K::truncated:
        in.per_mille = *rc::gen::inRange(1, 1000);
        break;
      case K::not_an_object:
        in.text = *rc::gen::element<std::string>("[]", "[{}]", "\"{}\"", "42", "true", "null");
        break;
      case K::noise:
        // Starting with a letter no JSON text starts with.
        in.text = *matching("[a-eg-mo-su-zA-Z<>!#%&*=?@^|~][ -~]{0,40}");
        break;
      case K::unknown_operation:
        in.text = in.operation + *matching("[A-Z][a-z]{1,8}");
        break;
      case K::other_media_type:
        in.text = *rc::gen::element<std::string>("application/json", "text/plain",
                                                 "application/x-amz-json-1.0");
        break;
      default:
        break;
    }
    in.slot = slots.empty() || in.kind == K::other_media_type ? -1 : *rc::gen::elementOf(slots);
    in.spare_upload_id = *unknown_upload_id(m);
    return in;
  }));
}

}  // namespace ulp::properties
