#include "tools/ulp/python_json.hpp"

#include <cmath>
#include <cstdio>

#include "tools/ulp/python_text.hpp"

namespace ulp::cli {

using nlohmann::ordered_json;

namespace {

void escape_into(std::string& out, const std::string& s, bool ensure_ascii) {
  out += '"';
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20 || (ensure_ascii && c >= 0x80)) {
          char buf[16];
          if (c < 0x80) {
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
            break;
          }
          // A UTF-8 sequence as \uXXXX (surrogate pairs above the BMP), as Python writes it.
          unsigned cp = 0;
          std::size_t n = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
          cp = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
          for (std::size_t k = 1; k < n && i + k < s.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
          i += n - 1;
          if (cp >= 0x10000) {
            cp -= 0x10000;
            std::snprintf(buf, sizeof buf, "\\u%04x\\u%04x", 0xD800 + (cp >> 10),
                          0xDC00 + (cp & 0x3FF));
          } else {
            std::snprintf(buf, sizeof buf, "\\u%04x", cp);
          }
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

void python_json_into(std::string& out, const ordered_json& v, int depth, bool ensure_ascii);

}  // namespace

std::string python_json(const ordered_json& value, bool ensure_ascii) {
  std::string out;
  python_json_into(out, value, 0, ensure_ascii);
  out += "\n";
  return out;
}

namespace {

void python_json_into(std::string& out, const ordered_json& v, int depth, bool ensure_ascii) {
  const std::string pad(static_cast<std::size_t>(depth + 1) * 4, ' ');
  const std::string close_pad(static_cast<std::size_t>(depth) * 4, ' ');
  switch (v.type()) {
    case ordered_json::value_t::object: {
      if (v.empty()) {
        out += "{}";
        return;
      }
      out += "{\n";
      bool first = true;
      for (const auto& [k, item] : v.items()) {
        if (!first) out += ",\n";
        first = false;
        out += pad;
        escape_into(out, k, ensure_ascii);
        out += ": ";
        python_json_into(out, item, depth + 1, ensure_ascii);
      }
      out += "\n" + close_pad + "}";
      return;
    }
    case ordered_json::value_t::array: {
      if (v.empty()) {
        out += "[]";
        return;
      }
      out += "[\n";
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) out += ",\n";
        out += pad;
        python_json_into(out, v[i], depth + 1, ensure_ascii);
      }
      out += "\n" + close_pad + "]";
      return;
    }
    case ordered_json::value_t::string:
      escape_into(out, v.get_ref<const std::string&>(), ensure_ascii);
      return;
    case ordered_json::value_t::number_float: {
      const double d = v.get<double>();
      if (d != d)
        out += "NaN";
      else if (d == HUGE_VAL)
        out += "Infinity";
      else if (d == -HUGE_VAL)
        out += "-Infinity";
      else
        out += python_float(d);
      return;
    }
    default:
      out += v.dump();
  }
}

}  // namespace

}  // namespace ulp::cli
