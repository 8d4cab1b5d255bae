#include "tools/ulp/yaml_writer.hpp"

#include <yaml.h>

#include <algorithm>
#include <stdexcept>

#include "tools/ulp/python_text.hpp"
#include "tools/ulp/yaml_resolver.hpp"

namespace ulp::cli {

using nlohmann::ordered_json;

namespace {

class Emitter {
 public:
  Emitter() {
    if (!yaml_emitter_initialize(&emitter_)) throw std::runtime_error("libyaml: out of memory");
    yaml_emitter_set_output(&emitter_, &Emitter::write, &out_);
    yaml_emitter_set_unicode(&emitter_, 1);
    yaml_emitter_set_width(&emitter_, 80);
    yaml_emitter_set_indent(&emitter_, 2);
  }
  ~Emitter() { yaml_emitter_delete(&emitter_); }
  Emitter(const Emitter&) = delete;
  Emitter& operator=(const Emitter&) = delete;

  std::string document(const ordered_json& value) {
    yaml_event_t e;
    yaml_stream_start_event_initialize(&e, YAML_UTF8_ENCODING);
    emit(e);
    yaml_document_start_event_initialize(&e, nullptr, nullptr, nullptr, 1);
    emit(e);
    node(value);
    yaml_document_end_event_initialize(&e, 1);
    emit(e);
    yaml_stream_end_event_initialize(&e);
    emit(e);
    yaml_emitter_flush(&emitter_);
    return out_;
  }

 private:
  static int write(void* data, unsigned char* buffer, size_t size) {
    static_cast<std::string*>(data)->append(reinterpret_cast<char*>(buffer), size);
    return 1;
  }
  void emit(yaml_event_t& e) {
    if (!yaml_emitter_emit(&emitter_, &e))
      throw std::runtime_error(std::string("libyaml: ") +
                               (emitter_.problem ? emitter_.problem : "cannot emit"));
  }
  void scalar(const std::string& text, const char* tag, bool plain_implicit, bool quoted_implicit) {
    yaml_event_t e;
    yaml_scalar_event_initialize(
        &e, nullptr, reinterpret_cast<yaml_char_t*>(const_cast<char*>(tag)),
        reinterpret_cast<yaml_char_t*>(const_cast<char*>(text.data())),
        static_cast<int>(text.size()), plain_implicit, quoted_implicit, YAML_ANY_SCALAR_STYLE);
    emit(e);
  }
  void string_scalar(const std::string& s) {
    scalar(s, YAML_STR_TAG, resolve_plain_scalar(s) == YamlScalarKind::kString, true);
  }
  void node(const ordered_json& v) {
    yaml_event_t e;
    switch (v.type()) {
      case ordered_json::value_t::object: {
        yaml_mapping_start_event_initialize(&e, nullptr, nullptr, 1, YAML_BLOCK_MAPPING_STYLE);
        emit(e);
        std::vector<const std::string*> keys;
        for (const auto& [k, _] : v.items()) keys.push_back(&k);
        // ruamel's safe representer sorts mappings (bytewise UTF-8 = code point order).
        std::sort(keys.begin(), keys.end(), [](auto* a, auto* b) { return *a < *b; });
        for (const auto* k : keys) {
          string_scalar(*k);
          node(v.at(*k));
        }
        yaml_mapping_end_event_initialize(&e);
        emit(e);
        break;
      }
      case ordered_json::value_t::array:
        yaml_sequence_start_event_initialize(&e, nullptr, nullptr, 1, YAML_BLOCK_SEQUENCE_STYLE);
        emit(e);
        for (const auto& item : v) node(item);
        yaml_sequence_end_event_initialize(&e);
        emit(e);
        break;
      case ordered_json::value_t::string:
        string_scalar(v.get_ref<const std::string&>());
        break;
      case ordered_json::value_t::boolean:
        scalar(v.get<bool>() ? "true" : "false", YAML_BOOL_TAG, true, false);
        break;
      case ordered_json::value_t::number_integer:
        scalar(std::to_string(v.get<std::int64_t>()), YAML_INT_TAG, true, false);
        break;
      case ordered_json::value_t::number_unsigned:
        scalar(std::to_string(v.get<std::uint64_t>()), YAML_INT_TAG, true, false);
        break;
      case ordered_json::value_t::number_float: {
        const double d = v.get<double>();
        std::string text = d != d ? ".nan" : python_float(d);
        if (text == "inf") text = ".inf";
        if (text == "-inf") text = "-.inf";
        scalar(text, YAML_FLOAT_TAG, true, false);
        break;
      }
      default:
        scalar("null", YAML_NULL_TAG, true, false);
        break;
    }
  }

  yaml_emitter_t emitter_{};
  std::string out_;
};

}  // namespace

std::string to_yaml(const ordered_json& value) {
  return Emitter().document(value);
}

}  // namespace ulp::cli
