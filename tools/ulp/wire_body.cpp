#include "tools/ulp/wire_body.hpp"

#include "core/base64.hpp"
#include "tools/ulp/cli_error.hpp"
#include "tools/ulp/lenient_base64.hpp"

namespace ulp::cli {

using nlohmann::ordered_json;

void decode_blobs(CallParameters& p, const Shape& input, const std::string& binary_format) {
  // Nested blobs do not occur in the operations of spec/model.json; only members are handled.
  for (const auto& [member, shape_name] : input.members) {
    if (Spec::get().shape(shape_name).type != "blob") continue;
    if (p.binary_blobs.count(member)) continue;
    auto it = p.values.find(member);
    if (it == p.values.end() || !it->is_string()) continue;
    const std::string& text = it->get_ref<const std::string&>();
    if (binary_format == "base64") {
      auto bytes = python_b64decode(text);
      if (!bytes) throw CliError(kOther, "Invalid base64: \"" + text + "\"");
      p.binary_blobs[member] = std::move(*bytes);
    } else {
      p.binary_blobs[member] = text;
    }
    *it = "<bytes>";
  }
}

std::string wire_body(const CallParameters& p, const Shape&) {
  ordered_json fields = ordered_json::object();
  for (const auto& [k, v] : p.values.items())
    if (!p.binary_blobs.count(k)) fields[k] = v;
  std::string out = fields.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
  // Appended in place: a part is megabytes, and every copy of it costs page faults.
  std::size_t size = out.size();
  for (const auto& [member, bytes] : p.binary_blobs)
    size += member.size() + bytes.size() / 3 * 4 + 12;
  out.reserve(size);
  for (const auto& [member, bytes] : p.binary_blobs) {
    if (!p.values.contains(member)) continue;
    out.pop_back();  // the closing brace
    if (out.size() > 1) out += ',';
    out += '"';
    out += member;
    out += "\":\"";
    base64::encode_append(bytes, out);
    out += "\"}";
  }
  return out;
}

}  // namespace ulp::cli
