// ulp-crash-test: kills ulp-reference-server --data-dir with SIGKILL under load, again and
// again, and checks that every acknowledged byte survives and nothing else does.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <random>

#include "reference/tests/crash/crash_run.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "Crash test of ulp-reference-server --data-dir: clients push layers while the server is "
      "killed with SIGKILL at random instants and restarted on the same port and directory; "
      "every resumed upload, completed layer and layer file is checked",
      "ulp-crash-test"};
  ulp::crash::RunOptions options;
  options.seed = std::random_device{}();
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) options.server = (self.parent_path() / "ulp-reference-server").string();
  app.add_option("--server", options.server, "the server binary")->capture_default_str();
  app.add_option("--kills", options.kills, "SIGKILLs, each followed by a restart")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  app.add_option("--seconds", options.seconds, "bound on the whole run")
      ->check(CLI::Range(5, 86'400))
      ->capture_default_str();
  app.add_option("--clients", options.clients, "client threads pushing layers")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--seed", options.seed, "seed of layer sizes, bytes and kill instants");
  app.add_option("--fsync", options.fsync, "the server's --fsync: always, interval, never")
      ->check(CLI::IsMember({"always", "interval", "never"}))
      ->capture_default_str();
  app.add_option("--mutant", options.mutant,
                 "run the server with this mutant (ack-before-durable, recovery-keeps-tail)");
  app.add_option("--data-dir", options.data_dir,
                 "the server's data directory (default: a temporary one, removed at the end)");
  app.add_flag("--expect-violation", options.expect_violation,
               "exit 0 only when a violation is found (a mutant's check); stops at the first");
  app.add_flag("--keep", options.keep, "keep the temporary directory: data, server log, profile");
  app.add_option("--fresh-after-mib", options.fresh_after_mib,
                 "check, remove and replace the temporary data directory after this many MiB "
                 "of layers (a long run would fill the disk)")
      ->check(CLI::Range(1, 1 << 30))
      ->capture_default_str();
  app.add_option("--min-delay-ms", options.min_delay_ms, "shortest time from ready to a kill")
      ->check(CLI::Range(0, 60'000))
      ->capture_default_str();
  app.add_option("--max-delay-ms", options.max_delay_ms, "longest time from ready to a kill")
      ->check(CLI::Range(0, 60'000))
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  if (options.max_delay_ms < options.min_delay_ms) {
    std::cerr << "ulp-crash-test: --max-delay-ms is less than --min-delay-ms\n";
    return 2;
  }
  if (options.server.empty() || !std::filesystem::exists(options.server)) {
    std::cerr << "ulp-crash-test: no server binary at '" << options.server << "' (--server)\n";
    return 2;
  }
  return ulp::crash::run_crash_test(options);
}
