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

namespace fs = std::filesystem;

std::string joined(const std::set<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ",") + id;
  return out.empty() ? "-" : out;
}

bool any_at(const std::set<std::string>& ids, const std::string& level) {
  for (const auto& id : ids)
    if (const Requirement* r = Spec::get().requirement(id); r && r->level == level) return true;
  return false;
}

// One run of the properties, its JSON report read back; discarded when there is none.
nlohmann::json run(const std::string& program, const Options& o, const std::string& flags,
                   const fs::path& report) {
  const std::string command = shell_quote(program) + flags + " --seed " +
                              std::to_string(o.seed.value_or(1)) + " --sequences " +
                              std::to_string(o.sequences > 0 ? o.sequences : 1000) + " --limits " +
                              shell_quote(o.limits.empty() ? "small" : o.limits) +
                              " --gtest_filter='UploadSessions.*' --report-json " +
                              shell_quote(report.string()) + " >/dev/null 2>&1";
  if (std::system(command.c_str()) == -1) return nlohmann::json::value_t::discarded;
  std::ifstream in(report);
  return nlohmann::json::parse(in, nullptr, false);
}

}  // namespace

int sweep_mutants(const std::string& program, const Options& o) {
  const fs::path dir =
      fs::temp_directory_path() / ("ulp-properties-sweep-" + std::to_string(getpid()));
  fs::create_directories(dir);
  // What the properties check at all: the requirements the reference's answers rested on.
  std::set<std::string> checked;
  const nlohmann::json reference = run(program, o, "", dir / "reference.json");
  if (reference.is_discarded()) {
    std::printf("ERROR: no report from the run on the reference\n");
    return 2;
  }
  for (const auto& c : reference["cases"])
    for (const auto& [id, verdict] : c["by_requirement"].items()) checked.insert(id);

  int caught = 0, escaped = 0, out_of_reach = 0, reported_total = 0, attributed = 0, faults = 0;
  std::printf("%-31s %-6s %-52s %s\n", "mutant", "caught", "declared",
              "reported (requirements with a broken check)");
  const Profile limits = Profile::load(o.limits.empty() ? "small" : o.limits);
  for (const auto& m : reference::mutants()) {
    const std::string name(m.name);
    std::set<std::string> declared(m.breaks.begin(), m.breaks.end());
    if (auto why = reference::equivalent_under(m.mutant, limits)) {
      std::printf("%-31s %-6s %-52s (equivalent to the reference at these limits: %s)\n",
                  name.c_str(), "-", joined(declared).c_str(), std::string(*why).c_str());
      continue;
    }
    if (auto why = reference::needs_requests_at_once(m.mutant)) {
      std::printf("%-31s %-6s %-52s (out of reach: %s, and the properties send one at a time)\n",
                  name.c_str(), "-", joined(declared).c_str(), std::string(*why).c_str());
      ++out_of_reach;
      continue;
    }
    const std::string flags = " --mutant " + name +
                              (any_at(declared, "SHOULD") ? " --strict" : "") +
                              (any_at(declared, "PROBE") ? " --match-reference-probes" : "");
    const nlohmann::json j = run(program, o, flags, dir / (name + ".json"));
    if (j.is_discarded()) {
      std::printf("%-31s ERROR: no report\n", name.c_str());
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
    bool reachable = false;
    for (const auto& id : declared) reachable = reachable || checked.count(id);
    const char* verdict = hit ? "yes" : reachable ? "NO" : "-";
    caught += hit;
    escaped += !hit && reachable;
    out_of_reach += !hit && !reachable;
    std::printf("%-31s %-6s %-52s %s\n", name.c_str(), verdict, joined(declared).c_str(),
                hit || reachable ? joined(reported).c_str() : "(out of reach: not checked)");
    if (!stray.empty()) std::printf("    FALSE ATTRIBUTION %s\n", joined(stray).c_str());
  }
  fs::remove_all(dir);
  auto percent = [](int n, int d) { return d ? 100.0 * n / d : 100.0; };
  const int in_reach = caught + escaped;
  std::printf(
      "recall %d/%d (%.1f%%), precision %d/%d (%.1f%%); %d mutants out of reach; seed %llu, "
      "%d sequences each\n",
      caught, in_reach, percent(caught, in_reach), attributed, reported_total,
      percent(attributed, reported_total), out_of_reach,
      static_cast<unsigned long long>(o.seed.value_or(1)), o.sequences > 0 ? o.sequences : 1000);
  if (faults) return 2;
  return escaped == 0 && attributed == reported_total ? 0 : 1;
}

}  // namespace ulp::properties
