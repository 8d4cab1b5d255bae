#include "properties/field_values.hpp"

#include <limits>

#include "core/spec.hpp"
#include "core/validate.hpp"
#include "properties/pattern.hpp"
#include "properties/weighted.hpp"

namespace ulp::properties {

namespace {

const Shape& string_shape(const std::string& name) {
  const Shape& s = Spec::get().shape(name);
  if (s.type != "string") throw std::invalid_argument(name + " is not a string shape");
  return s;
}

// Any string of printable ASCII: what the pattern-free shapes allow, and the raw material of
// characters that break a pattern.
rc::Gen<std::string> printable(int max_length) {
  return rc::gen::mapcat(rc::gen::inRange(0, max_length + 1), [](int n) {
    return rc::gen::container<std::string>(n, rc::gen::inRange<char>(' ', '~' + 1));
  });
}

rc::Gen<std::string> on_pattern(const Shape& s) {
  if (s.pattern.empty()) return printable(static_cast<int>(s.max.value_or(32)));
  return matching(s.pattern);
}

// `value` grown to `length` by repeating its last character (a pattern that ends in a
// repetition, as RepositoryName does, stays matched; the caller checks).
std::string stretched(std::string value, std::int64_t length) {
  if (value.empty()) value = "a";
  while (static_cast<std::int64_t>(value.size()) < length) value += value.back();
  return value;
}

}  // namespace

bool valid_for(const std::string& shape, const nlohmann::json& value) {
  return !validate(shape, value).has_value();
}

rc::Gen<std::string> valid_value(const std::string& shape) {
  const Shape& s = string_shape(shape);
  auto base = on_pattern(s);
  auto longest =
      s.max ? rc::gen::map(base,
                           [max = *s.max](std::string v) { return stretched(std::move(v), max); })
            : base;
  return rc::gen::suchThat(weighted<std::string>({{9, base}, {1, longest}}),
                           [shape](const std::string& v) { return valid_for(shape, v); });
}

rc::Gen<std::string> invalid_value(const std::string& shape) {
  const Shape& s = string_shape(shape);
  auto base = on_pattern(s);
  auto character = rc::gen::inRange<char>(' ', '~' + 1);
  auto inserted = rc::gen::exec([base, character] {
    std::string v = *base;
    v.insert(*rc::gen::inRange<std::size_t>(0, v.size() + 1), 1, *character);
    return v;
  });
  auto replaced = rc::gen::exec([base, character] {
    std::string v = *base;
    if (!v.empty()) v[*rc::gen::inRange<std::size_t>(0, v.size())] = *character;
    return v;
  });
  auto removed = rc::gen::exec([base] {
    std::string v = *base;
    if (!v.empty()) v.erase(*rc::gen::inRange<std::size_t>(0, v.size()), 1);
    return v;
  });
  auto too_short = rc::gen::map(base, [min = s.min.value_or(0)](std::string v) {
    if (min > 0)
      v.resize(static_cast<std::size_t>(
          std::min<std::int64_t>(min - 1, static_cast<std::int64_t>(v.size()))));
    return v;
  });
  auto too_long =
      rc::gen::map(base, [max = s.max.value_or(std::numeric_limits<int>::max())](std::string v) {
        return stretched(std::move(v), max + 1);
      });
  Weighted<std::string> choices = {{1, rc::gen::just(std::string())},
                                   {3, inserted},
                                   {3, replaced},
                                   {2, removed},
                                   {1, too_short}};
  if (s.max) choices.push_back({1, too_long});
  return rc::gen::suchThat(weighted(choices),
                           [shape](const std::string& v) { return !valid_for(shape, v); });
}

rc::Gen<std::int64_t> invalid_position(const Limits& limits) {
  // How far below the minimum, without going past the long's own minimum; shrinks towards
  // the value just below.
  constexpr auto lowest = std::numeric_limits<std::int64_t>::min();
  const std::int64_t most = limits.position_min >= 0 ? std::numeric_limits<std::int64_t>::max()
                                                     : limits.position_min - lowest;
  return rc::gen::map(rc::gen::inRange<std::int64_t>(1, most),
                      [min = limits.position_min](std::int64_t below) { return min - below; });
}

rc::Gen<std::vector<std::string>> invalid_digest_list(const Limits& limits) {
  auto digest = valid_value("LayerDigest");
  auto too_many = rc::gen::container<std::vector<std::string>>(
      static_cast<std::size_t>(limits.digests_max + 1), digest);
  auto too_few = rc::gen::container<std::vector<std::string>>(
      static_cast<std::size_t>(std::max<std::int64_t>(limits.digests_min - 1, 0)), digest);
  auto bad_item = rc::gen::exec([digest] {
    auto list = *rc::gen::resize(3, rc::gen::container<std::vector<std::string>>(digest));
    list.insert(list.begin() + *rc::gen::inRange<std::size_t>(0, list.size() + 1),
                *invalid_value("LayerDigest"));
    return list;
  });
  Weighted<std::vector<std::string>> choices = {{4, bad_item}, {1, too_many}};
  if (limits.digests_min > 0) choices.push_back({1, too_few});
  return rc::gen::suchThat(weighted(choices), [](const std::vector<std::string>& list) {
    return !valid_for("LayerDigestList", nlohmann::json(list));
  });
}

rc::Gen<std::string> invalid_base64() {
  // With a character outside the alphabet, not merely unpadded: lenient decoders accept that.
  static const std::string alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
  return rc::gen::suchThat(printable(12), [](const std::string& text) {
    return text.find_first_not_of(alphabet) != std::string::npos;
  });
}

}  // namespace ulp::properties
