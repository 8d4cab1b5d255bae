#include "properties/mutant_sweep.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

#include "core/reproduction.hpp"
#include "core/spec.hpp"
#include "reference/mutant.hpp"

namespace ulp::properties {

namespace {

std::string joined(const std::set<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ",") + id;
  return out.empty() ? "-" : out;
}

bool made_for_a_must(const reference::MutantInfo& m) {
  const Requirement* r = Spec::get().requirement(std::string(m.breaks.front()));
  return r && r->level == "MUST" && r->category != "auth";
}

}  // namespace

int sweep_mutants(const std::string& program, const Options& o) {
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() / ("ulp-properties-sweep-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::uint64_t seed = o.seed.value_or(1);
  const int sequences = o.sequences > 0 ? o.sequences : 1000;
  int mutants = 0, caught = 0, reported_total = 0, attributed = 0, faults = 0;
  std::printf("%-31s %-6s %-52s %s\n", "mutant", "caught", "declared",
              "reported (requirements with a broken check)");
  for (const auto& m : reference::mutants()) {
    if (!made_for_a_must(m)) continue;
    ++mutants;
    std::set<std::string> declared(m.breaks.begin(), m.breaks.end());
    bool probes = false;
    for (const auto& id : declared)
      if (const Requirement* r = Spec::get().requirement(id); r && r->level == "PROBE")
        probes = true;
    const fs::path report = dir / (std::string(m.name) + ".json");
    std::string command = shell_quote(program) + " --mutant " + std::string(m.name) + " --seed " +
                          std::to_string(seed) + " --sequences " + std::to_string(sequences) +
                          " --limits " + shell_quote(o.limits.empty() ? "small" : o.limits) +
                          " --gtest_filter='UploadSessions.*' --report-json " +
                          shell_quote(report.string()) +
                          (probes ? " --match-reference-probes" : "") + " >/dev/null 2>&1";
    const int status = std::system(command.c_str());
    std::ifstream in(report);
    nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (status == -1 || j.is_discarded()) {
      std::printf("%-31s ERROR: no report from %s\n", std::string(m.name).c_str(), command.c_str());
      ++faults;
      continue;
    }
    std::set<std::string> reported;
    for (const auto& c : j["cases"])
      for (const auto& check : c["checks"]["failed"])
        if (check["verdict"] == "FAIL" || check["verdict"] == "NON-STRICT")
          reported.insert(check["requirement"].get<std::string>());
    bool hit = false;
    std::set<std::string> stray;
    for (const auto& id : reported) {
      if (declared.count(id)) {
        hit = true;
        ++attributed;
      } else {
        stray.insert(id);
      }
    }
    reported_total += static_cast<int>(reported.size());
    caught += hit;
    std::printf("%-31s %-6s %-52s %s\n", std::string(m.name).c_str(), hit ? "yes" : "NO",
                joined(declared).c_str(), joined(reported).c_str());
    if (!stray.empty()) std::printf("    FALSE ATTRIBUTION %s\n", joined(stray).c_str());
  }
  fs::remove_all(dir);
  auto percent = [](int n, int d) { return d ? 100.0 * n / d : 100.0; };
  std::printf("recall %d/%d (%.1f%%), precision %d/%d (%.1f%%); seed %llu, %d sequences each\n",
              caught, mutants, percent(caught, mutants), attributed, reported_total,
              percent(attributed, reported_total), static_cast<unsigned long long>(seed),
              sequences);
  if (faults) return 2;
  return caught == mutants && attributed == reported_total ? 0 : 1;
}

}  // namespace ulp::properties
