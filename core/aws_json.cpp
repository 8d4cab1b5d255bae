#include "core/aws_json.hpp"

#include <simdjson.h>

#include <algorithm>
#include <optional>

#include "core/spec.hpp"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

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

// --- the flat reader ------------------------------------------------------------------
// It accepts only bodies simdjson accepts, and makes of them the value convert() makes:
// one object, each member a string of printable ASCII without escapes (or DEL), an integer
// of at most 18 digits (no "-0", which simdjson reads as a double), true, false or null,
// no member twice. Anything else, valid or not, is left to simdjson (nullopt).

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The first byte from `i` on that can end a plain string or make it not plain: below 0x20 or
// above 0x7F, '"' or '\\' (s.size() when none). Vectorized: a part's 28 MB of base64 pass here.
#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx2"))) std::size_t special_from_avx2(std::string_view s, std::size_t i) {
  const __m256i space = _mm256_set1_epi8(0x20), quote = _mm256_set1_epi8('"'),
                backslash = _mm256_set1_epi8('\\');
  for (; i + 64 <= s.size(); i += 64) {
    const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s.data() + i));
    const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s.data() + i + 32));
    // Signed compares: bytes above 0x7F are negative, so below 0x20 too.
    __m256i any = _mm256_or_si256(_mm256_cmpgt_epi8(space, a), _mm256_cmpgt_epi8(space, b));
    any = _mm256_or_si256(
        any, _mm256_or_si256(_mm256_cmpeq_epi8(a, quote), _mm256_cmpeq_epi8(b, quote)));
    any = _mm256_or_si256(
        any, _mm256_or_si256(_mm256_cmpeq_epi8(a, backslash), _mm256_cmpeq_epi8(b, backslash)));
    if (!_mm256_testz_si256(any, any)) break;
  }
  return i;
}
#endif

std::size_t special_from(std::string_view s, std::size_t i) {
#if defined(__x86_64__) && defined(__GNUC__)
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (avx2) i = special_from_avx2(s, i);
#endif
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(0x20), quote = _mm_set1_epi8('"'),
                backslash = _mm_set1_epi8('\\');
  for (; i + 16 <= s.size(); i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    __m128i any =
        _mm_or_si128(_mm_cmplt_epi8(v, space),
                     _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    if (_mm_movemask_epi8(any)) break;
  }
#endif
  for (; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c > 0x7F || c == '"' || c == '\\') break;
  }
  return i;
}

// Where the string whose text starts at `from` ends (its closing quote), when it is plain:
// no escape, no control character, nothing beyond ASCII. npos otherwise.
std::size_t plain_string_end(std::string_view s, std::size_t from) {
  std::size_t i = special_from(s, from);
  return i < s.size() && s[i] == '"' ? i : std::string_view::npos;
}

std::optional<InPlace> read_flat(std::string_view s, const std::vector<std::string>& in_place) {
  std::size_t i = 0;
  auto skip_space = [&] {
    while (i < s.size() && is_space(s[i])) ++i;
  };
  auto string_at = [&](std::string_view& out) {
    if (i >= s.size() || s[i] != '"') return false;
    std::size_t end = plain_string_end(s, i + 1);
    if (end == std::string_view::npos) return false;
    out = s.substr(i + 1, end - i - 1);
    i = end + 1;
    return true;
  };
  auto ends_value = [&](std::size_t at) {
    return at < s.size() && (is_space(s[at]) || s[at] == ',' || s[at] == '}');
  };

  InPlace out;
  out.value = json::object();
  skip_space();
  if (i >= s.size() || s[i] != '{') return std::nullopt;
  ++i;
  skip_space();
  if (i < s.size() && s[i] == '}') {
    ++i;
  } else {
    while (true) {
      std::string_view key;
      if (!string_at(key)) return std::nullopt;
      skip_space();
      if (i >= s.size() || s[i] != ':') return std::nullopt;
      ++i;
      skip_space();
      if (i >= s.size()) return std::nullopt;
      std::string name(key);
      if (out.value.contains(name)) return std::nullopt;
      const char c = s[i];
      if (c == '"') {
        std::string_view text;
        if (!string_at(text)) return std::nullopt;
        if (std::find(in_place.begin(), in_place.end(), name) != in_place.end()) {
          out.views[name] = text;
          out.value[name] = "";
        } else {
          out.value[name] = std::string(text);
        }
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        if (c == '-') ++i;
        std::size_t digits = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        const std::size_t n = i - digits;
        if (n == 0 || n > 18 || (s[digits] == '0' && (n > 1 || c == '-')) || !ends_value(i))
          return std::nullopt;
        std::int64_t v = 0;
        for (std::size_t d = digits; d < i; ++d) v = v * 10 + (s[d] - '0');
        out.value[name] = c == '-' ? -v : v;
      } else if (s.substr(i, 4) == "true" && ends_value(i + 4)) {
        out.value[name] = true;
        i += 4;
      } else if (s.substr(i, 5) == "false" && ends_value(i + 5)) {
        out.value[name] = false;
        i += 5;
      } else if (s.substr(i, 4) == "null" && ends_value(i + 4)) {
        out.value[name] = nullptr;
        i += 4;
      } else {
        return std::nullopt;
      }
      skip_space();
      if (i >= s.size()) return std::nullopt;
      if (s[i] == '}') {
        ++i;
        break;
      }
      if (s[i] != ',') return std::nullopt;
      ++i;
      skip_space();
    }
  }
  skip_space();
  if (i != s.size()) return std::nullopt;
  return out;
}

}  // namespace

std::size_t plain_prefix(std::string_view s) {
  return special_from(s, 0);
}

std::variant<InPlace, ParseError> parse_in_place(std::string_view body, int max_depth,
                                                 const std::vector<std::string>& in_place) {
  if (max_depth >= 2)
    if (auto flat = read_flat(body, in_place)) return std::move(*flat);
  auto parsed = parse(body, max_depth);
  if (auto* bad = std::get_if<ParseError>(&parsed)) return std::move(*bad);
  return InPlace{std::move(std::get<json>(parsed)), {}};
}

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

std::string error_type(const json* body, const Headers& headers) {
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
