#include "reference/tests/crash/crash_run.hpp"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "reference/tests/crash/console.hpp"
#include "reference/tests/crash/findings.hpp"
#include "reference/tests/crash/interrupt.hpp"
#include "reference/tests/crash/session.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace ulp::crash {

namespace {

nlohmann::json crash_profile() {
  return {{"name", "crash"},
          {"source", "ulp-crash-test: parts of 1 KiB..64 KiB, layers up to 4 MiB"},
          {"minPartBytes", kMinPart},
          {"maxPartBytes", kMaxPart},
          {"partSize", kMaxPart},
          {"maxPartsPerLayer", 4200},
          {"maxLayerBytes", 4 * kMaxLayer},
          {"uploadLifetimeSeconds", 3600},
          // Each initiation cut by a kill leaves an upload open for good.
          {"maxOpenUploadsPerRepository", 10000},
          {"registryId", "123456789012"},
          {"region", "us-east-1"}};
}

fs::path make_work_dir() {
  std::string pattern = (fs::temp_directory_path() / "ulp-crash-XXXXXX").string();
  if (!::mkdtemp(pattern.data()))
    throw std::runtime_error("cannot make a temporary directory: " + pattern);
  return pattern;
}

std::string mib(std::int64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
  return text;
}

std::string seconds_since(Clock::time_point start) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s",
                std::chrono::duration<double>(Clock::now() - start).count());
  return text;
}

ServerCommand server_command(const RunOptions& options, const fs::path& work,
                             const fs::path& data) {
  ServerCommand c{options.server,
                  {"--data-dir", data.string(), "--profile", (work / "profile.json").string(),
                   "--fsync", options.fsync, "--repository", kRepository},
                  work / "server.log"};
  if (!options.mutant.empty()) c.args.insert(c.args.end(), {"--mutant", options.mutant});
  return c;
}

// Sessions one after the other, each on a fresh temporary data directory (or the one given),
// until the kills are done or the time is up. False when the server did not start at all.
bool run_sessions(const RunOptions& options, RunState& state, const fs::path& work) {
  const auto deadline = state.started + std::chrono::seconds(options.seconds);
  // Time kept after the kills for the clients to stop, the final checks and the removal.
  const auto reserve =
      std::clamp<Clock::duration>(std::chrono::seconds(options.seconds) * 25 / 100, 3s, 60s);
  const bool ours = options.data_dir.empty();
  SessionLimits limits{deadline - reserve, deadline - reserve / 2,
                       ours ? options.fresh_after_mib << 20 : 0};
  int port = 0;
  // Each session kills at least once or ends the run: bounded by options.kills.
  for (int n = 0; n <= options.kills; ++n) {
    const fs::path data = ours ? work / ("data-" + std::to_string(n)) : fs::path(options.data_dir);
    const std::size_t found = state.violations.count();
    Session session(options, state, server_command(options, work, data), data);
    if (!session.run(port, limits)) return n > 0;
    port = session.port();
    ++state.counters.sessions;
    // A clean directory goes at once: a long run would fill the disk.
    if (ours && !options.keep && state.violations.count() == found) {
      std::error_code ignored;
      fs::remove_all(data, ignored);
    }
    if (!ours || should_stop(options, state) || state.counters.kills >= options.kills ||
        Clock::now() >= limits.kill_end)
      break;
    console().line("ulp-crash-test: " + mib(options.fresh_after_mib << 20) +
                   " of layers: a fresh data directory");
  }
  return true;
}

void print_summary(const RunState& state, const RunOptions& options) {
  const Counters& c = state.counters;
  auto row = [](const std::string& name, const std::string& value, const std::string& note) {
    char text[40];
    std::snprintf(text, sizeof text, "%-19s %-12s", name.c_str(), value.c_str());
    std::string line = text + ("  " + note);
    console().line(line.substr(0, line.find_last_not_of(' ') + 1));
  };
  row("kills", std::to_string(c.kills),
      "SIGKILL at a random instant, " + std::to_string(options.min_delay_ms) + ".." +
          std::to_string(options.max_delay_ms) + " ms after the server was ready");
  row("restarts", std::to_string(c.restarts),
      "on the same port and data directory" +
          (c.sessions > 1 ? " (" + std::to_string(c.sessions) + " directories in turn)"
                          : std::string()));
  row("resumes", std::to_string(c.resumes), "uploads that went on across a restart");
  row("answers lost", std::to_string(c.answers_lost),
      "requests sent again after no answer; of them " + std::to_string(c.parts_found_durable) +
          " parts found durable, " + std::to_string(c.completions_found_done) +
          " completions found done");
  row("parts", std::to_string(c.parts_acknowledged), "acknowledged, each position checked");
  row("layers verified", std::to_string(c.layers_verified),
      "digest and size checked, then again at the end");
  row("bytes verified", mib(c.bytes_verified), "");
  row("layer files", std::to_string(c.layer_files_checked),
      "hashed after each kill and at the end");
  row("violations", std::to_string(state.violations.count()), "");
}

std::string verdict_of(const RunOptions& options, const RunState& state, bool ran, bool* passed) {
  const std::size_t found = state.violations.count();
  const std::string mutant = "mutant " + (options.mutant.empty() ? "none" : options.mutant);
  *passed = false;
  if (!ran) return "ERROR: the run could not be made";
  if (interrupted()) return "INTERRUPTED";
  if (options.expect_violation) {
    *passed = found > 0;
    return *passed ? "CAUGHT: a violation, as expected (" + mutant + ")"
                   : "NOT CAUGHT: no violation, but one was expected (" + mutant + ")";
  }
  if (found > 0) return "FAIL: " + std::to_string(found) + " violation(s)";
  if (state.counters.kills == 0 || state.counters.layers_verified == 0)
    return "FAIL: the run proved nothing (no kill, or no layer verified); give it more time";
  *passed = true;
  if (state.counters.kills < options.kills)
    return "PASS (the time bound came before kill " + std::to_string(options.kills) + ")";
  return "PASS";
}

}  // namespace

int run_crash_test(const RunOptions& options) {
  catch_interrupts();
  std::signal(SIGPIPE, SIG_IGN);
  RunState state;
  fs::path work;
  try {
    work = make_work_dir();
  } catch (const std::exception& e) {
    console().line(std::string("ulp-crash-test: ") + e.what());
    return 1;
  }
  std::ofstream(work / "profile.json") << crash_profile().dump(2) << "\n";
  console().line("ulp-crash-test: " + options.server + ", " + std::to_string(options.clients) +
                 " clients, up to " + std::to_string(options.kills) + " kills in " +
                 std::to_string(options.seconds) + " s, fsync " + options.fsync + ", mutant " +
                 (options.mutant.empty() ? "none" : options.mutant) + ", seed " +
                 std::to_string(options.seed));
  console().line("ulp-crash-test: data in " +
                 (options.data_dir.empty() ? (work / "data-N").string() : options.data_dir) +
                 ", server log " + (work / "server.log").string());
  const bool ran = run_sessions(options, state, work);
  if (ran) print_summary(state, options);
  bool passed = false;
  const std::string verdict = verdict_of(options, state, ran, &passed);
  // Kept when asked, or when something went wrong that the data may explain. Removing takes
  // seconds on a busy disk: it counts in the run's time.
  if (options.keep || (!passed && !interrupted())) {
    console().line("ulp-crash-test: kept " + work.string());
  } else {
    std::error_code ignored;
    fs::remove_all(work, ignored);
  }
  console().line(verdict + " in " + seconds_since(state.started));
  return passed ? 0 : 1;
}

}  // namespace ulp::crash
