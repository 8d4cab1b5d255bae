// The layer files under a data directory: each <dir>/layers/<sha256 hex> must hash to its name,
// whenever the server was killed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace ulp::crash {

struct LayerFileCheck {
  std::int64_t checked = 0;         // files hashed
  std::vector<std::string> broken;  // one line per file that does not hash to its name
};

class LayerFiles {
 public:
  explicit LayerFiles(std::filesystem::path data_dir) : dir_(std::move(data_dir) / "layers") {}

  // Hashes the files not hashed before (after a kill: the new ones are the suspects).
  LayerFileCheck check_new();
  // Hashes every file again.
  LayerFileCheck check_all();
  // The file of a completed layer, if it exists with that size; else what is wrong.
  std::string missing(const std::string& hex, std::int64_t size) const;

 private:
  LayerFileCheck check(bool all);
  std::filesystem::path dir_;
  std::set<std::string> seen_;
};

bool is_sha256_hex(const std::string& name);

}  // namespace ulp::crash
