// What a session found, said and kept: each divergence printed with the calls that led to it,
// a reproduction line for each (core/reproduction.hpp) and the command that replays the run;
// and written to --out as a replayable case (case.json, which --replay reads) and as a
// conformance fixture (fixtures/<id>.json, spec/fixture.schema.json). PROBE answers that differ
// from the reference's are counted and listed once each; a summary closes the session.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <map>
#include <string>

#include "conformance/case_result.hpp"
#include "core/grading.hpp"
#include "core/reproduction.hpp"
#include "fuzz/netfuzz/runner.hpp"

namespace ulp::netfuzz {

struct ReportOptions {
  std::filesystem::path out_dir;
  ReproductionOptions reproduction;  // target arguments, endpoint URL, blob directory
  std::string replay_command;        // "ulp-netfuzz --endpoint-url ... --replay"
  std::size_t max_divergences_written = 50;
  GradingPolicy policy;  // which divergences fail the run
};

class Report {
 public:
  Report(std::ostream& out, ReportOptions options);

  void add(const RunRecord& run);
  // The closing summary; returns the exit status: 0, 1 (a divergence that fails the run under
  // the policy: a broken MUST; a SHOULD only under --strict; a PROBE only under
  // --match-reference-probes), 3 (oracle faults).
  int finish(double seconds);

  std::size_t divergences() const { return divergences_; }
  // Each divergence as a case of the results model all drivers share, its findings checks.
  const std::vector<conformance::CaseResult>& cases() const { return cases_; }

 private:
  void divergence(const RunRecord& run, const Step& step);
  std::filesystem::path write_case(const RunRecord& run, const Step& step, const std::string& id);
  std::filesystem::path fixture_path(const std::string& id) const;  // out/fixtures/<id>.json

  std::ostream& out_;
  ReportOptions options_;
  std::size_t runs_ = 0, calls_ = 0, requests_ = 0, divergences_ = 0, setup_errors_ = 0,
              cleanup_errors_ = 0, oracle_faults_ = 0, failing_ = 0;
  std::map<std::string, std::size_t> by_requirement_;
  std::vector<conformance::CaseResult> cases_;
  std::map<std::string, std::pair<std::size_t, std::string>> probes_;  // id -> count, example
};

}  // namespace ulp::netfuzz
