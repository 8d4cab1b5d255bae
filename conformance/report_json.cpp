#include <fstream>
#include <stdexcept>

#include "conformance/reports.hpp"

namespace ulp::conformance {

using nlohmann::json;

namespace {

json exchange_json(const Exchange& e) {
  json headers = json::array(), answer_headers = json::array();
  for (const auto& [n, v] : e.request_headers) headers.push_back({n, v});
  for (const auto& [n, v] : e.response_headers) answer_headers.push_back({n, v});
  json out = {
      {"step", e.step},
      {"operation", e.operation},
      {"request",
       {{"method", e.method}, {"path", e.path}, {"headers", headers}, {"body", e.request_body}}},
      {"seconds", e.seconds}};
  if (e.status == 0)
    out["response"] = {{"error", e.transport_error}};
  else
    out["response"] = {
        {"status", e.status}, {"headers", answer_headers}, {"body", e.response_body}};
  return out;
}

bool shows_exchanges(Verdict v) {
  return v != Verdict::pass && v != Verdict::info && v != Verdict::skip;
}

}  // namespace

json report_json(const RunReport& report) {
  const RunInfo& i = report.info;
  const Totals& t = report.totals;
  json verdicts = json::object();
  for (Verdict v : kAllVerdicts) {
    auto it = t.by_verdict.find(v);
    verdicts[std::string(name(v))] = it == t.by_verdict.end() ? 0 : it->second;
  }
  json out = {
      {"tool", i.tool},
      {"version", i.version},
      {"run",
       {{"target", i.target},
        {"limits", i.limits},
        {"seed", i.seed},
        {"strict", i.grading.strict},
        {"match_reference_probes", i.grading.match_reference_probes},
        {"started_at", i.started_at},
        {"filters", i.filters},
        {"excludes", i.excludes},
        {"expected_failures", i.expected_failures},
        {"artifacts", i.artifacts},
        {"duration_seconds", t.seconds}}},
      {"summary",
       {{"total", t.total},
        {"passed", t.passed},
        {"failed", t.failed},
        {"skipped", t.skipped},
        {"verdicts", verdicts},
        {"requests", t.requests},
        {"retries", t.retries},
        {"requests_per_second", t.seconds > 0 ? t.requests / t.seconds : 0.0}}},
  };
  json cases = json::array();
  for (const auto& r : report.cases) {
    json probes = json::array(), failed = json::array();
    for (const auto& a : r.probes)
      probes.push_back({{"step", a.step},
                        {"requirement", a.requirement},
                        {"answer", a.answer},
                        {"reference", a.reference},
                        {"as_reference", a.as_reference}});
    int passed = 0;
    for (const auto& c : r.checks) {
      if (c.passed()) {
        ++passed;
        continue;
      }
      failed.push_back({{"step", c.step},
                        {"operation", c.operation},
                        {"requirement", c.requirement},
                        {"level", c.level},
                        {"verdict", std::string(name(c.verdict))},
                        {"message", c.message}});
    }
    json by_requirement = json::object();
    for (const auto& [id, v] : r.by_requirement) by_requirement[id] = std::string(name(v));
    json c = {{"id", r.test.id},
              {"title", r.test.title},
              {"file", r.test.file},
              {"category", r.test.category},
              {"requirements", r.test.requirements},
              {"tags", r.test.tags},
              {"verdict", std::string(name(r.verdict))},
              {"reason", r.reason},
              {"details", r.details},
              {"by_requirement", by_requirement},
              {"checks", {{"passed", passed}, {"failed", failed}}},
              {"probes", probes},
              {"seconds", r.seconds},
              {"requests", r.requests},
              {"retries", r.retries}};
    if (auto root = r.root_cause(); !root.empty()) c["root_cause"] = root;
    if (r.blocker)
      c["blocked"] = {{"step", r.blocker->step},
                      {"by", r.blocker->requirement},
                      {"what", r.blocker->what},
                      {"unreached", r.unreached_requirements()}};
    if (!r.expected_failure.empty()) c["expected_failure"] = r.expected_failure;
    if (!r.reproduction.empty()) c["reproduction"] = r.reproduction;
    if (!r.warnings.empty()) c["warnings"] = r.warnings;
    if (shows_exchanges(r.verdict)) {
      json exchanges = json::array();
      for (const auto& e : r.exchanges) exchanges.push_back(exchange_json(e));
      c["exchanges"] = exchanges;
      c["exchanges_omitted"] = r.exchanges_omitted;
    }
    cases.push_back(std::move(c));
  }
  out["cases"] = std::move(cases);
  json requirements = json::array();
  for (const auto& rr : report.requirements) {
    json by_verdict = json::object();
    for (const auto& [v, ids] : rr.cases) by_verdict[std::string(name(v))] = ids;
    json answers = json::array();
    for (const auto& [id, a] : rr.answers)
      answers.push_back({{"case", id}, {"answer", a.answer}, {"as_reference", a.as_reference}});
    json q = {{"id", rr.requirement->id},
              {"level", rr.requirement->level},
              {"category", rr.requirement->category},
              {"statement", rr.requirement->statement},
              {"verdict", rr.verdict},
              {"cases", by_verdict}};
    if (!rr.blocked_by.empty()) {
      json blocked = json::array();
      for (const auto& b : rr.blocked_by)
        blocked.push_back({{"by", b.requirement}, {"step", b.step}, {"what", b.what}});
      q["blocked_by"] = blocked;
    }
    if (rr.requirement->level == "PROBE") {
      q["reference"] = rr.requirement->reference;
      q["answers"] = answers;
    }
    requirements.push_back(std::move(q));
  }
  out["requirements"] = std::move(requirements);
  json unmet = json::array(), unreached = json::array();
  for (const auto* rr : not_met(report.requirements)) unmet.push_back(rr->requirement->id);
  for (const auto& u : not_reached(report.cases, report.requirements))
    unreached.push_back({{"requirement", u.requirement->requirement->id},
                         {"blocked_by", u.blocker.requirement},
                         {"what", u.blocker.what},
                         {"checks_cut_off_by_blocker", u.blocker_cut}});
  out["summary"]["requirements_not_met"] = unmet;
  out["summary"]["requirements_not_reached"] = unreached;
  return out;
}

void write_json_report(const std::filesystem::path& file, const RunReport& report) {
  std::ofstream out(file, std::ios::binary);
  out << report_json(report).dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  if (!out) throw std::runtime_error(file.string() + ": cannot be written");
}

}  // namespace ulp::conformance
