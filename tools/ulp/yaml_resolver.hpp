// What a plain (unquoted) YAML scalar means, by the YAML 1.2 implicit resolvers of
// ruamel.yaml, the library behind the aws CLI's yaml output and --cli-input-yaml: "123" is
// an int, "true" a bool, "" and "null" null, "2001-01-01" a timestamp. The writer quotes a
// string that would read back as something else; the reader types plain scalars by it.
#pragma once

#include <string_view>

namespace ulp::cli {

enum class YamlScalarKind { kString, kNull, kBool, kInt, kFloat, kTimestamp, kMerge, kValue };

YamlScalarKind resolve_plain_scalar(std::string_view text);

}  // namespace ulp::cli
