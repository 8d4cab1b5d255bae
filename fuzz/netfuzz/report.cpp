#include "fuzz/netfuzz/report.hpp"

#include <fstream>
#include <iomanip>
#include <ostream>

#include "core/spec.hpp"
#include "fuzz/netfuzz/fixture_writer.hpp"

namespace ulp::netfuzz {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string answer_line(const Response& r) {
  if (r.status == 0) return "no answer: " + r.transport_error;
  std::string body = r.body.size() > 240 ? r.body.substr(0, 240) + "..." : r.body;
  return std::to_string(r.status) + (r.error_type.empty() ? "" : " " + r.error_type) + " " + body;
}

std::string lower_dashed(std::string s) {
  for (char& c : s)
    c = c == '_' || c == ':' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

json answer_json(const Response& r) {
  json j = {{"status", r.status}};
  if (!r.error_type.empty()) j["errorType"] = r.error_type;
  if (!r.transport_error.empty()) j["transportError"] = r.transport_error;
  j["body"] = r.body.size() > 4096 ? r.body.substr(0, 4096) + "..." : r.body;
  return j;
}

}  // namespace

Report::Report(std::ostream& out, ReportOptions options)
    : out_(out), options_(std::move(options)) {}

void Report::add(const RunRecord& run) {
  ++runs_;
  calls_ += run.steps.size();
  requests_ += run.endpoint_requests;
  if (!run.setup_error.empty()) {
    ++setup_errors_;
    out_ << "ERROR run " << run.index
         << ": the endpoint could not make a repository: " << run.setup_error << "\n";
  }
  if (!run.cleanup_error.empty()) {
    ++cleanup_errors_;
    out_ << "warning run " << run.index << ": " << run.cleanup_error << "\n";
  }
  for (const Step& s : run.steps) {
    for (const auto& fault : s.judgement.oracle_faults) {
      ++oracle_faults_;
      out_ << "ORACLE FAULT run " << run.index << " (" << s.call.op << ", " << s.call.intent
           << "): " << fault << "\n  reference: " << answer_line(s.reference)
           << "\n  request:   " << s.to_reference.body.substr(0, 300) << "\n";
    }
    for (const auto& n : s.judgement.notes) {
      auto& [count, example] = probes_[n.requirement];
      if (count++ == 0) example = n.what;
    }
  }
  if (const Step* s = run.divergent_step()) divergence(run, *s);
}

void Report::divergence(const RunRecord& run, const Step& step) {
  ++divergences_;
  failing_ += fails_run(step.judgement, options_.policy);
  const Finding& first = step.judgement.findings.front();
  for (const auto& f : step.judgement.findings) ++by_requirement_[f.requirement];
  conformance::CaseResult c;
  const std::string case_id = "netfuzz-run-" + std::to_string(run.index);
  c.test = {case_id, step.call.op + ": " + step.call.intent, "ulp-netfuzz", "ulp-netfuzz", {}, {}};
  c.verdict = ulp::Verdict::pass;
  for (const auto& f : step.judgement.findings) {
    c.checks.push_back({static_cast<int>(run.steps.size()), step.call.op, f.requirement,
                        level_name(f.level), f.verdict, f.what});
    c.verdict = worse(c.verdict, f.verdict);
    c.details.push_back(f.requirement + ": " + f.what);
  }
  c.reason = first.requirement + ": " + first.what;
  c.requests = static_cast<int>(run.endpoint_requests);
  conformance::attribute(c);
  cases_.push_back(std::move(c));
  out_ << "\nDIVERGENCE " << divergences_ << ": " << first.requirement << " ("
       << level_name(first.level) << ", " << ulp::name(first.verdict) << "), run " << run.index
       << ", call " << run.steps.size() << " (" << step.call.op << ": " << step.call.intent
       << ")\n";
  for (const auto& f : step.judgement.findings)
    out_ << "  " << f.requirement << " (" << level_name(f.level) << ", " << ulp::name(f.verdict)
         << "): " << f.what << "\n";
  out_ << "  endpoint:  " << answer_line(step.endpoint) << "\n";
  out_ << "  reference: " << answer_line(step.reference) << "\n";
  if (divergences_ <= options_.max_divergences_written && !options_.out_dir.empty()) {
    const std::string id =
        "netfuzz-" + lower_dashed(first.requirement) + "-r" + std::to_string(run.index);
    fs::path dir = write_case(run, step, id);
    out_ << "  replay:    " << options_.replay_command << " " << (dir / "case.json").string()
         << "\n";
    out_ << "  fixture:   " << fixture_path(id).string() << " (ulp-conformance --fixtures "
         << fixture_path(id).parent_path().string() << ")\n";
  }
  out_ << "  reproduction (this run's calls to the endpoint, as sent):\n";
  ReproductionOptions how = options_.reproduction;
  if (!options_.out_dir.empty()) how.blob_dir = options_.out_dir / "blobs";
  for (const auto& r : run.setup) out_ << "    " << reproduction_line(r, how) << "\n";
  for (const auto& s : run.steps) out_ << "    " << reproduction_line(s.to_endpoint, how) << "\n";
}

fs::path Report::write_case(const RunRecord& run, const Step& step, const std::string& id) {
  std::ostringstream name;
  name << "divergence-" << std::setw(3) << std::setfill('0') << divergences_ << "-"
       << lower_dashed(step.judgement.findings.front().requirement);
  const fs::path dir = options_.out_dir / name.str();
  fs::create_directories(dir);
  json calls = json::array(), answers = json::array();
  for (const auto& s : run.steps) {
    calls.push_back(s.call.to_json());
    answers.push_back(
        {{"endpoint", answer_json(s.endpoint)}, {"reference", answer_json(s.reference)}});
  }
  json findings = json::array();
  for (const auto& f : step.judgement.findings)
    findings.push_back({{"requirement", f.requirement},
                        {"level", level_name(f.level)},
                        {"verdict", ulp::name(f.verdict)},
                        {"what", f.what}});
  const json replayable = {{"tool", "ulp-netfuzz"}, {"run", run.index},
                           {"seed", run.seed},      {"otherRepository", run.other_repository},
                           {"findings", findings},  {"calls", calls},
                           {"answers", answers}};
  std::ofstream(dir / "case.json") << replayable.dump(2) << "\n";
  const std::string how = "Found by ulp-netfuzz (run " + std::to_string(run.index) + ", seed " +
                          std::to_string(run.seed) + "): " + step.judgement.findings.front().what;
  // Named by its ID, as ulp-conformance requires, beside the other divergences' fixtures: the
  // directory is one --fixtures argument.
  fs::create_directories(fixture_path(id).parent_path());
  std::ofstream(fixture_path(id)) << fixture_of(run, id, how).dump(2) << "\n";
  std::ofstream script(dir / "reproduction.sh");
  ReproductionOptions repro = options_.reproduction;
  repro.blob_dir = options_.out_dir / "blobs";
  script << "# The calls of run " << run.index
         << " as they were sent (IDs are the endpoint's of that run).\n";
  for (const auto& r : run.setup) script << reproduction_line(r, repro) << "\n";
  for (const auto& s : run.steps) script << reproduction_line(s.to_endpoint, repro) << "\n";
  return dir;
}

fs::path Report::fixture_path(const std::string& id) const {
  return options_.out_dir / "fixtures" / (id + ".json");
}

int Report::finish(double seconds) {
  if (!probes_.empty()) {
    out_ << "\nPROBE answers that differ from the reference's (recorded, not judged):\n";
    for (const auto& [id, entry] : probes_)
      out_ << "  " << id << ": " << entry.first << " time" << (entry.first == 1 ? "" : "s")
           << ", e.g. " << entry.second << "\n";
  }
  if (!by_requirement_.empty()) {
    out_ << "\nDivergences by requirement:\n";
    for (const auto& [id, count] : by_requirement_) {
      const Requirement* r = Spec::get().requirement(id);
      out_ << "  " << id << " (" << (r ? r->level : "?") << "): " << count << "\n";
    }
  }
  const double rate = seconds > 0 ? static_cast<double>(requests_) / seconds : 0;
  out_ << "\nulp-netfuzz: " << runs_ << " runs, " << calls_ << " calls, " << requests_
       << " requests to the endpoint in " << std::fixed << std::setprecision(1) << seconds << " s ("
       << std::setprecision(0) << rate << " requests/s)\n";
  out_ << "divergences: " << divergences_ << " (failing the run: " << failing_
       << "); PROBE answers recorded: " << probes_.size() << " kinds; errors: " << setup_errors_
       << "; oracle faults: " << oracle_faults_ << "\n";
  if (divergences_ && !options_.out_dir.empty())
    out_ << "cases and fixtures: " << options_.out_dir.string() << "\n";
  if (oracle_faults_) return 3;
  if (failing_) return 1;
  if (setup_errors_ && setup_errors_ == runs_) return 2;
  return 0;
}

}  // namespace ulp::netfuzz
