// A crash run: C clients push layers to ulp-reference-server --data-dir while the server is
// killed with SIGKILL at random instants and restarted at once on the same port and
// directory; every resumed upload, completed layer and layer file is checked.
#pragma once

#include <cstdint>
#include <string>

namespace ulp::crash {

struct RunOptions {
  std::string server;  // the ulp-reference-server binary
  int kills = 50;      // SIGKILLs, each followed by a restart
  int seconds = 60;    // bound on the whole run
  int clients = 4;     // pushing threads
  std::uint64_t seed = 0;
  std::string fsync = "always";
  std::string mutant;             // empty: the reference itself
  std::string data_dir;           // empty: a temporary one, removed at the end
  bool expect_violation = false;  // succeed only when one is found; stop at the first
  bool keep = false;              // keep the temporary directory (data, server log, profile)
  // A temporary data directory is checked, removed and replaced by a fresh one after this
  // many MiB of layers: a long run would fill the disk.
  std::int64_t fresh_after_mib = 2048;
  int min_delay_ms = 20, max_delay_ms = 800;  // from ready to the next kill
};

// 0: as expected (no violation, or one found under expect_violation); 1 otherwise.
int run_crash_test(const RunOptions& options);

}  // namespace ulp::crash
