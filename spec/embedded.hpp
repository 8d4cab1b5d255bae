// The files of spec/, compiled into every binary (see spec/CMakeLists.txt).
#pragma once
#include <optional>
#include <string_view>

namespace ulp {
// The content of spec/<name> (e.g. "model.json", "profiles/small.json") as built.
std::optional<std::string_view> embedded_file(std::string_view name);
}  // namespace ulp
