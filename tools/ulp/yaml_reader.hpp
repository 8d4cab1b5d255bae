// --cli-input-yaml documents, read as ruamel.yaml's safe loader reads them (YAML 1.2 plain
// scalars typed by yaml_resolver.hpp, `!!binary` values as bytes), with libyaml's parser.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace ulp::cli {

struct YamlDocument {
  nlohmann::ordered_json value;
  // Top-level keys whose value was tagged !!binary: the decoded bytes (value holds a
  // placeholder string).
  std::map<std::string, std::string> binary;
};

// nullopt when the text is not YAML the safe loader accepts (syntax, duplicate keys, more
// than one document, anchors to nothing).
std::optional<YamlDocument> read_yaml(const std::string& text);

}  // namespace ulp::cli
