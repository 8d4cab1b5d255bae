#include "core/validate.hpp"

#include <limits>

#include "core/base64.hpp"
#include "core/spec.hpp"

namespace ulp {

using nlohmann::json;

std::string Invalid::message() const {
  return "Invalid parameter at '" + field + "' failed to satisfy constraint: '" + constraint + "'";
}

namespace {

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::optional<Invalid> check_length(const Shape& s, const std::string& path, std::int64_t n,
                                    const char* what) {
  if (s.min && n < *s.min)
    return Invalid{path, std::string("Member must have ") + what + " greater than or equal to " +
                             std::to_string(*s.min)};
  if (s.max && n > *s.max)
    return Invalid{path, std::string("Member must have ") + what + " less than or equal to " +
                             std::to_string(*s.max)};
  return std::nullopt;
}

struct Context {
  Decoded* blobs;
  const Tolerate& tolerate;
  const Views* views;
  const Staged* staged;
  // A failure, unless tolerated.
  std::optional<Invalid> fail(Invalid bad) const {
    if (tolerate && tolerate(bad)) return std::nullopt;
    return bad;
  }
  // The string at `path`: a view's text when one stands in for it.
  std::string_view text(const std::string& path, const json& v) const {
    if (views)
      if (auto it = views->find(path); it != views->end()) return it->second;
    return v.get_ref<const std::string&>();
  }
};

std::optional<Invalid> check(const Shape& s, const std::string& path, const json& v,
                             const Context& cx);

std::optional<Invalid> check_structure(const Shape& s, const std::string& path, const json& v,
                                       const Context& cx) {
  if (!v.is_object()) return cx.fail({path.empty() ? "body" : path, "Member must be an object"});
  const Spec& spec = Spec::get();
  for (const auto& r : s.required) {
    auto it = v.find(r);
    if (it == v.end() || it->is_null())
      if (auto bad = cx.fail({path.empty() ? r : path + "." + r, "Member must not be null"}))
        return bad;
  }
  // Blobs last: decoding a 20 MiB part is wasted work when a small member is wrong.
  for (int blobs_pass = 0; blobs_pass < 2; ++blobs_pass) {
    for (const auto& [name, shape_name] : s.members) {
      const Shape& m = spec.shape(shape_name);
      if ((m.type == "blob") != (blobs_pass == 1)) continue;
      auto it = v.find(name);
      if (it == v.end() || it->is_null()) continue;
      if (auto bad = check(m, path.empty() ? name : path + "." + name, *it, cx)) return bad;
    }
  }
  return std::nullopt;
}

std::optional<Invalid> check(const Shape& s, const std::string& path, const json& v,
                             const Context& cx) {
  if (s.type == "structure") return check_structure(s, path, v, cx);
  if (s.type == "string") {
    if (!v.is_string()) return cx.fail({path, "Member must be a string"});
    const std::string_view str = cx.text(path, v);
    if (auto bad = check_length(s, path, static_cast<std::int64_t>(code_points(str)), "length"))
      if ((bad = cx.fail(*bad))) return bad;
    if (s.regex && !s.regex->full_match(str))
      return cx.fail({path, "Member must satisfy regular expression pattern: " + s.pattern});
    if (!s.enum_values.empty()) {
      bool known = false;
      for (const auto& e : s.enum_values) known = known || e == str;
      if (!known) return cx.fail({path, "Member must satisfy enum value set"});
    }
    return std::nullopt;
  }
  if (s.type == "long" || s.type == "integer") {
    const std::int64_t hi = s.type == "long" ? std::numeric_limits<std::int64_t>::max()
                                             : std::numeric_limits<std::int32_t>::max();
    const std::int64_t lo = s.type == "long" ? std::numeric_limits<std::int64_t>::min()
                                             : std::numeric_limits<std::int32_t>::min();
    if (!v.is_number_integer()) return cx.fail({path, "Member must be an integer"});
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(hi))
      return cx.fail(
          {path, "Member must be a " + s.type + " (at most " + std::to_string(hi) + ")"});
    std::int64_t n = v.get<std::int64_t>();
    if (n > hi || n < lo) return cx.fail({path, "Member must be a " + s.type});
    if (auto bad = check_length(s, path, n, "value")) return cx.fail(*bad);
    return std::nullopt;
  }
  if (s.type == "boolean") {
    if (!v.is_boolean()) return cx.fail({path, "Member must be a boolean"});
    return std::nullopt;
  }
  if (s.type == "timestamp") {
    if (!v.is_number()) return cx.fail({path, "Member must be a timestamp"});
    return std::nullopt;
  }
  if (s.type == "list") {
    if (!v.is_array()) return cx.fail({path, "Member must be a list"});
    if (auto bad = check_length(s, path, static_cast<std::int64_t>(v.size()), "length"))
      if ((bad = cx.fail(*bad))) return bad;
    const Shape& item = Spec::get().shape(s.member);
    for (std::size_t i = 0; i < v.size(); ++i)
      if (auto bad = check(item, path + "[" + std::to_string(i) + "]", v[i], cx)) return bad;
    return std::nullopt;
  }
  if (s.type == "blob") {
    if (!v.is_string()) return cx.fail({path, "Member must be a base64-encoded string"});
    if (cx.staged)
      if (auto it = cx.staged->find(path); it != cx.staged->end()) {
        if (auto bad = check_length(s, path, static_cast<std::int64_t>(it->second), "length"))
          if ((bad = cx.fail(*bad))) return bad;
        return std::nullopt;
      }
    const std::string_view text = cx.text(path, v);
    // The size is known from the text's length: refuse oversize parts before decoding them.
    auto size = base64::decoded_size(text);
    if (!size) return cx.fail({path, "Member must be valid base64: length not a multiple of 4"});
    if (auto bad = check_length(s, path, static_cast<std::int64_t>(*size), "length"))
      if ((bad = cx.fail(*bad))) return bad;
    std::string why;
    auto bytes = base64::decode(text, &why);
    if (!bytes) return cx.fail({path, "Member must be valid base64: " + why});
    if (cx.blobs) (*cx.blobs)[path] = std::move(*bytes);
    return std::nullopt;
  }
  return cx.fail({path, "Member has a type this suite does not know: " + s.type});
}

}  // namespace

std::optional<Invalid> validate(const std::string& shape, const json& value, Decoded* blobs,
                                const Tolerate& tolerate, const Views* views,
                                const Staged* staged) {
  return check(Spec::get().shape(shape), "", value, Context{blobs, tolerate, views, staged});
}

}  // namespace ulp
