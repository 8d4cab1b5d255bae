#include "reference/tests/crash/layer_files.hpp"

#include <fstream>

#include "core/sha256.hpp"

namespace fs = std::filesystem;

namespace ulp::crash {

bool is_sha256_hex(const std::string& name) {
  return name.size() == 64 && name.find_first_not_of("0123456789abcdef") == std::string::npos;
}

namespace {

// The file's SHA-256 and size; an empty hex when it cannot be read.
std::string hash_file(const fs::path& path, std::int64_t& size) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  Sha256 sha;
  std::string buffer(1 << 20, '\0');
  size = 0;
  // Bounded by the file's size: each round reads up to 1 MiB of it.
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    std::streamsize n = in.gcount();
    if (n <= 0) break;
    sha.update(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    size += n;
  }
  return in.bad() ? "" : sha.hex();
}

}  // namespace

LayerFileCheck LayerFiles::check_new() {
  return check(false);
}
LayerFileCheck LayerFiles::check_all() {
  return check(true);
}

LayerFileCheck LayerFiles::check(bool all) {
  LayerFileCheck out;
  std::error_code ec;
  if (!fs::is_directory(dir_, ec)) return out;  // no layer completed yet
  // Other names (a file being written before its rename, say) are the server's business.
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    const std::string name = entry.path().filename().string();
    if (!is_sha256_hex(name) || (!all && seen_.count(name))) continue;
    seen_.insert(name);
    std::int64_t size = 0;
    const std::string hex = hash_file(entry.path(), size);
    ++out.checked;
    if (hex != name)
      out.broken.push_back("layers/" + name + " (" + std::to_string(size) + " bytes) " +
                           (hex.empty() ? "cannot be read" : "hashes to " + hex));
  }
  if (ec) out.broken.push_back("cannot list " + dir_.string() + ": " + ec.message());
  return out;
}

std::string LayerFiles::missing(const std::string& hex, std::int64_t size) const {
  std::error_code ec;
  const fs::path path = dir_ / hex;
  auto found = fs::file_size(path, ec);
  if (ec) return "layers/" + hex + " is missing (" + ec.message() + ")";
  if (static_cast<std::int64_t>(found) != size)
    return "layers/" + hex + " holds " + std::to_string(found) + " bytes, not " +
           std::to_string(size);
  return "";
}

}  // namespace ulp::crash
