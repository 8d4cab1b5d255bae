#include "tools/ulp/response_shape.hpp"

#include <cmath>
#include <cstdio>
#include <ctime>

#include "tools/ulp/command_table.hpp"

namespace ulp::cli {

using nlohmann::ordered_json;

std::string iso8601_local(double epoch_seconds) {
  double whole = std::floor(epoch_seconds);
  long micros = std::lround((epoch_seconds - whole) * 1e6);
  if (micros >= 1000000) {
    whole += 1;
    micros -= 1000000;
  }
  const std::time_t t = static_cast<std::time_t>(whole);
  std::tm tm{};
  localtime_r(&t, &tm);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out = date;
  if (micros) {
    char frac[32];
    std::snprintf(frac, sizeof frac, ".%06ld", micros);
    out += frac;
  }
  const long offset = tm.tm_gmtoff;
  const long a = std::labs(offset);
  char zone[32];
  std::snprintf(zone, sizeof zone, "%c%02ld:%02ld", offset < 0 ? '-' : '+', a / 3600,
                (a % 3600) / 60);
  return out + zone;
}

namespace {

ordered_json shape_value(const ordered_json& v, const Shape& s, bool iso) {
  const Spec& spec = Spec::get();
  if (v.is_null()) return nullptr;
  if (s.type == "structure") {
    if (!v.is_object()) return v;
    ordered_json out = ordered_json::object();
    for (const auto& [member, member_shape] : CommandTable::get().members_of(s)) {
      auto it = v.find(member);
      if (it == v.end() || it->is_null()) continue;
      out[member] = shape_value(*it, spec.shape(member_shape), iso);
    }
    return out;
  }
  if (s.type == "list") {
    if (!v.is_array()) return v;
    ordered_json out = ordered_json::array();
    for (const auto& item : v) out.push_back(shape_value(item, spec.shape(s.member), iso));
    return out;
  }
  if (s.type == "timestamp" && iso && v.is_number()) return iso8601_local(v.get<double>());
  return v;
}

}  // namespace

ordered_json shape_response(const ordered_json& body, const Shape& output, bool iso_timestamps) {
  return shape_value(body, output, iso_timestamps);
}

}  // namespace ulp::cli
