#include "conformance/data_dir.hpp"

#include <cstdlib>
#include <system_error>

#ifndef ULP_SOURCE_DIR
#define ULP_SOURCE_DIR "."
#endif
#ifndef ULP_BUILD_BIN_DIR
#define ULP_BUILD_BIN_DIR ""
#endif

namespace ulp::conformance {

namespace fs = std::filesystem;

std::optional<fs::path> default_fixtures_dir(std::string* why) {
  std::error_code ec;
  const fs::path cases = fs::path("fixtures") / "conformance";
  if (const char* data = std::getenv("ULP_DATA_DIR"); data && *data) {
    if (fs::is_directory(fs::path(data) / cases, ec)) return fs::path(data) / cases;
    *why = "ULP_DATA_DIR is " + std::string(data) + ", which has no " + cases.string();
    return std::nullopt;
  }
  const fs::path program = fs::read_symlink("/proc/self/exe", ec);
  if (ec) {
    *why = "cannot tell where this program is (/proc/self/exe): give --fixtures DIR";
    return std::nullopt;
  }
  const fs::path bin = program.parent_path();
  const fs::path installed = bin.parent_path() / "share" / "ulp" / cases;
  if (fs::is_directory(installed, ec)) return installed;
  if (fs::equivalent(bin, ULP_BUILD_BIN_DIR, ec)) return fs::path(ULP_SOURCE_DIR) / cases;
  *why = "no conformance cases at " + installed.string() +
         ": install the suite whole (cmake --install), set ULP_DATA_DIR, or give --fixtures DIR";
  return std::nullopt;
}

}  // namespace ulp::conformance
