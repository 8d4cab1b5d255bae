#include "tools/ulp/output.hpp"

#include <stdexcept>

#include "tools/ulp/python_json.hpp"
#include "tools/ulp/yaml_writer.hpp"

namespace ulp::cli {

using nlohmann::ordered_json;

namespace {
bool is_empty_object(const ordered_json& v) {
  return v.is_object() && v.empty();
}
bool is_scalar(const ordered_json& v) {
  return !v.is_object() && !v.is_array();
}
}  // namespace

std::string format_output(const std::string& operation, const ordered_json& response,
                          const OutputStyle& style) {
  const ordered_json data = style.query ? style.query->search(response) : response;
  const std::string& f = style.format;
  if (f == "json") return is_empty_object(data) ? "" : python_json(data, false);
  if (f == "text") return format_text(data);
  if (f == "table") return format_table(operation, data, style.color, style.terminal_width);
  if (f == "yaml" || f == "yaml-stream") {
    if (is_empty_object(data)) return "";
    if (f == "yaml-stream") return to_yaml(ordered_json::array({data}));
    // Scalars are written as JSON, which avoids YAML's "..." document end marker.
    if (is_scalar(data))
      return data.dump(-1, ' ', false, ordered_json::error_handler_t::replace) + "\n";
    return to_yaml(data);
  }
  throw std::invalid_argument("Unknown output type: " + f);
}

}  // namespace ulp::cli
