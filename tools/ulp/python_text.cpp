#include "tools/ulp/python_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace ulp::cli {

std::string python_repr(std::string_view s) {
  const bool has_single = s.find('\'') != std::string_view::npos;
  const bool has_double = s.find('"') != std::string_view::npos;
  const char quote = has_single && !has_double ? '"' : '\'';
  std::string out(1, quote);
  for (unsigned char c : s) {
    if (c == quote || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);  // UTF-8 passes through, as Python prints it
    }
  }
  out += quote;
  return out;
}

std::string python_float(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  std::string text(buf, end);
  // to_chars picks fixed or scientific by length; Python switches to scientific at 1e16
  // and below 1e-4, and always writes a two-digit exponent and a ".0" on whole numbers.
  const double magnitude = std::fabs(value);
  if (magnitude != 0 && (magnitude >= 1e16 || magnitude < 1e-4)) {
    auto [e_end, e_ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
    text.assign(buf, e_end);
    auto e = text.find('e');
    std::string mantissa = text.substr(0, e), exponent = text.substr(e + 1);
    char sign = exponent[0] == '-' ? '-' : '+';
    if (exponent[0] == '-' || exponent[0] == '+') exponent.erase(0, 1);
    while (exponent.size() > 1 && exponent[0] == '0') exponent.erase(0, 1);
    if (exponent.size() < 2) exponent = "0" + exponent;
    return mantissa + "e" + sign + exponent;
  }
  auto [f_end, f_ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
  text.assign(buf, f_end);
  if (text.find('.') == std::string::npos) text += ".0";
  return text;
}

namespace {
std::string python_repr_of(const nlohmann::ordered_json& v) {
  switch (v.type()) {
    case nlohmann::ordered_json::value_t::string:
      return python_repr(v.get_ref<const std::string&>());
    case nlohmann::ordered_json::value_t::array: {
      std::string out = "[";
      for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + python_repr_of(v[i]);
      return out + "]";
    }
    case nlohmann::ordered_json::value_t::object: {
      std::string out = "{";
      bool first = true;
      for (const auto& [k, item] : v.items()) {
        out += (first ? "" : ", ") + python_repr(k) + ": " + python_repr_of(item);
        first = false;
      }
      return out + "}";
    }
    default:
      return python_str(v);
  }
}
}  // namespace

std::string python_str(const nlohmann::ordered_json& v) {
  switch (v.type()) {
    case nlohmann::ordered_json::value_t::string:
      return v.get<std::string>();
    case nlohmann::ordered_json::value_t::boolean:
      return v.get<bool>() ? "True" : "False";
    case nlohmann::ordered_json::value_t::null:
      return "None";
    case nlohmann::ordered_json::value_t::number_float:
      return python_float(v.get<double>());
    case nlohmann::ordered_json::value_t::number_integer:
      return std::to_string(v.get<std::int64_t>());
    case nlohmann::ordered_json::value_t::number_unsigned:
      return std::to_string(v.get<std::uint64_t>());
    default:
      return python_repr_of(v);
  }
}

}  // namespace ulp::cli
