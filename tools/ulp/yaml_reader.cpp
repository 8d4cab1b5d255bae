#include "tools/ulp/yaml_reader.hpp"

#include <yaml.h>

#include <cmath>
#include <cstring>

#include "tools/ulp/lenient_base64.hpp"
#include "tools/ulp/yaml_resolver.hpp"

namespace ulp::cli {

using nlohmann::ordered_json;

namespace {

struct Invalid {};

class Reader {
 public:
  explicit Reader(const std::string& text) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
  }
  ~Reader() { yaml_parser_delete(&parser_); }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  YamlDocument document() {
    YamlDocument doc;
    expect(YAML_STREAM_START_EVENT);
    Event e = next();
    if (e.get().type == YAML_STREAM_END_EVENT) {
      doc.value = nullptr;  // an empty document
      return doc;
    }
    if (e.get().type != YAML_DOCUMENT_START_EVENT) throw Invalid{};
    doc.value = node(next(), &doc, 0);
    expect(YAML_DOCUMENT_END_EVENT);
    expect(YAML_STREAM_END_EVENT);  // a second document is an error for load()
    return doc;
  }

 private:
  class Event {
   public:
    Event() = default;
    Event(const Event&) = delete;
    Event& operator=(const Event&) = delete;
    Event(Event&& other) noexcept : event_(other.event_), valid_(other.valid_) {
      other.valid_ = false;
    }
    ~Event() {
      if (valid_) yaml_event_delete(&event_);
    }
    yaml_event_t& get() { return event_; }
    void set_valid() { valid_ = true; }

   private:
    yaml_event_t event_{};
    bool valid_ = false;
  };

  Event next() {
    Event e;
    if (!yaml_parser_parse(&parser_, &e.get())) throw Invalid{};
    e.set_valid();
    return e;
  }
  void expect(yaml_event_type_t type) {
    Event e = next();
    if (e.get().type != type) throw Invalid{};
  }

  ordered_json scalar(yaml_event_t& e, std::optional<std::string>* binary) {
    const std::string text(reinterpret_cast<char*>(e.data.scalar.value), e.data.scalar.length);
    const char* tag = reinterpret_cast<const char*>(e.data.scalar.tag);
    if (tag && std::strcmp(tag, "tag:yaml.org,2002:binary") == 0) {
      auto bytes = python_b64decode(text);
      if (!bytes) throw Invalid{};
      if (!binary) return text;  // nested: the base64 text, which blobs take anyway
      *binary = *bytes;
      return "<binary>";
    }
    if (tag && std::strcmp(tag, "tag:yaml.org,2002:str") == 0) return text;
    if (!e.data.scalar.plain_implicit) return text;  // quoted: always a string
    switch (resolve_plain_scalar(text)) {
      case YamlScalarKind::kNull:
        return nullptr;
      case YamlScalarKind::kBool:
        return text[0] == 't' || text[0] == 'T';
      case YamlScalarKind::kInt: {
        std::string digits;
        for (char c : text)
          if (c != '_') digits += c;
        bool negative = !digits.empty() && digits[0] == '-';
        if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) digits.erase(0, 1);
        long long n = 0;
        try {
          if (digits.starts_with("0b"))
            n = std::stoll(digits.substr(2), nullptr, 2);
          else if (digits.starts_with("0x"))
            n = std::stoll(digits.substr(2), nullptr, 16);
          else if (digits.starts_with("0o"))
            n = std::stoll(digits.substr(2), nullptr, 8);
          else
            n = std::stoll(digits, nullptr, 10);
        } catch (const std::exception&) {
          return text;  // beyond 64 bits: kept as text
        }
        return negative ? -n : n;
      }
      case YamlScalarKind::kFloat: {
        std::string t;
        for (char c : text)
          if (c != '_') t += c;
        if (t.find("nan") != std::string::npos || t.find("NaN") != std::string::npos ||
            t.find("NAN") != std::string::npos)
          return std::nan("");
        if (t.find("inf") != std::string::npos || t.find("Inf") != std::string::npos ||
            t.find("INF") != std::string::npos)
          return t[0] == '-' ? -HUGE_VAL : HUGE_VAL;
        return std::stod(t);
      }
      default:
        return text;  // strings, and timestamps kept as written
    }
  }

  ordered_json node(Event e, YamlDocument* doc, int depth) {
    if (depth > 64) throw Invalid{};
    auto& ev = e.get();
    switch (ev.type) {
      case YAML_SCALAR_EVENT:
        return scalar(ev, nullptr);
      case YAML_SEQUENCE_START_EVENT: {
        ordered_json list = ordered_json::array();
        for (;;) {
          Event item = next();
          if (item.get().type == YAML_SEQUENCE_END_EVENT) break;
          list.push_back(node(std::move(item), doc, depth + 1));
        }
        return list;
      }
      case YAML_MAPPING_START_EVENT: {
        ordered_json object = ordered_json::object();
        for (;;) {
          Event key = next();
          if (key.get().type == YAML_MAPPING_END_EVENT) break;
          if (key.get().type != YAML_SCALAR_EVENT) throw Invalid{};
          ordered_json k = scalar(key.get(), nullptr);
          const std::string name = k.is_string() ? k.get<std::string>() : k.dump();
          if (object.contains(name)) throw Invalid{};  // ruamel refuses duplicate keys
          Event value = next();
          if (depth == 0 && value.get().type == YAML_SCALAR_EVENT) {
            std::optional<std::string> bytes;
            ordered_json v = scalar(value.get(), &bytes);
            if (bytes) doc->binary[name] = std::move(*bytes);
            object[name] = v;
          } else {
            object[name] = node(std::move(value), doc, depth + 1);
          }
        }
        return object;
      }
      default:
        throw Invalid{};  // aliases and anything else the CLI's inputs never hold
    }
  }

  yaml_parser_t parser_{};
};

}  // namespace

std::optional<YamlDocument> read_yaml(const std::string& text) {
  try {
    return Reader(text).document();
  } catch (const Invalid&) {
    return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace ulp::cli
