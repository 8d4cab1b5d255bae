#include "load/report.hpp"

#include <cstdio>

namespace ulp::load {

using nlohmann::json;

namespace {

std::string format(const char* pattern, auto... values) {
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, pattern, values...);
  return buffer;
}

double ms(double seconds) {
  return seconds * 1000.0;
}

}  // namespace

json report_json(const Options& o, const Outcome& out, const Grading& g) {
  json r;
  r["target"] = out.target;
  r["settings"] = {{"clients", o.clients},
                   {"pushers", out.pushers},
                   {"racers", out.racers},
                   {"limits", o.limits},
                   {"layerBytes", {o.layer_bytes.low, o.layer_bytes.high}},
                   {"partBytes", {o.part_bytes.low, o.part_bytes.high}},
                   {"seed", o.seed},
                   {"strict", o.strict}};
  if (o.layers > 0)
    r["settings"]["layers"] = o.layers;
  else
    r["settings"]["durationSeconds"] = o.duration_seconds;
  if (!out.interrupted.empty()) r["interrupted"] = out.interrupted;
  const double seconds = out.seconds > 0 ? out.seconds : 1e-9;
  r["seconds"] = out.seconds;
  r["layers"] = out.layers;
  r["layerBytes"] = out.layer_bytes;
  r["requests"] = out.stats.requests;
  r["throughput"] = {{"megabytesPerSecond", static_cast<double>(out.layer_bytes) / 1e6 / seconds},
                     {"requestsPerSecond", static_cast<double>(out.stats.requests) / seconds}};
  json latency = json::object();
  for (const auto& [op, samples] : out.stats.seconds) {
    const Percentiles p = summarize(samples);
    latency[op] = {{"count", p.count},
                   {"p50Ms", ms(p.p50)},
                   {"p90Ms", ms(p.p90)},
                   {"p99Ms", ms(p.p99)},
                   {"maxMs", ms(p.max)}};
  }
  r["latency"] = latency;
  r["errors"] = json::object();
  for (const auto& [op, by_type] : out.stats.errors) r["errors"][op] = by_type;
  r["races"] = json::object();
  for (const auto& [id, outcomes] : out.findings.races) r["races"][id] = outcomes;
  r["violations"] = json::array();
  for (const auto& v : g.violations)
    r["violations"].push_back({{"requirement", v.requirement},
                               {"level", v.level},
                               {"verdict", name(v.verdict)},
                               {"count", v.count},
                               {"example", v.example}});
  r["lostOrCorruptedBytes"] = out.findings.lost_bytes;
  r["verdict"] = name(g.verdict);
  r["passed"] = !g.fails;
  return r;
}

std::string report_text(const json& r) {
  std::string t;
  t += "target: " + r.value("target", "") + "\n";
  const json& s = r["settings"];
  t += format(
      "clients: %d (%d pushing, %d racing); limits %s; layers %lld..%lld bytes in parts "
      "of %lld..%lld; seed %llu\n",
      s.value("clients", 0), s.value("pushers", 0), s.value("racers", 0),
      s.value("limits", "").c_str(), s["layerBytes"][0].get<long long>(),
      s["layerBytes"][1].get<long long>(), s["partBytes"][0].get<long long>(),
      s["partBytes"][1].get<long long>(), s.value("seed", 0ull));
  if (r.contains("interrupted"))
    t += "stopped early by " + r["interrupted"].get<std::string>() + "\n";
  t += format(
      "\nthroughput: %.1f MB/s of layer bytes, %.1f requests/s (%lld layers, %lld bytes, "
      "%lld requests in %.1f s)\n",
      r["throughput"].value("megabytesPerSecond", 0.0),
      r["throughput"].value("requestsPerSecond", 0.0), r.value("layers", 0ll),
      r.value("layerBytes", 0ll), r.value("requests", 0ll), r.value("seconds", 0.0));
  t += format("\n%-28s %8s %9s %9s %9s %9s\n", "latency (ms)", "count", "p50", "p90", "p99", "max");
  for (const auto& [op, l] : r["latency"].items())
    t += format("%-28s %8lld %9.1f %9.1f %9.1f %9.1f\n", op.c_str(), l.value("count", 0ll),
                l.value("p50Ms", 0.0), l.value("p90Ms", 0.0), l.value("p99Ms", 0.0),
                l.value("maxMs", 0.0));
  t += "\nerrors:";
  if (r["errors"].empty()) t += " none";
  t += "\n";
  for (const auto& [op, by_type] : r["errors"].items())
    for (const auto& [type, n] : by_type.items())
      t += format("  %-28s %-36s %lld\n", op.c_str(), type.c_str(), n.get<long long>());
  t += "\nraces:";
  if (r["races"].empty()) t += " none";
  t += "\n";
  for (const auto& [id, outcomes] : r["races"].items()) {
    t += "  " + id + "\n";
    for (const auto& [combination, n] : outcomes.items())
      t += format("    %6lld  %s\n", n.get<long long>(), combination.c_str());
  }
  t += "\nviolations:";
  if (r["violations"].empty()) t += " none";
  t += "\n";
  for (const auto& v : r["violations"])
    t += format("  %-11s %-26s %-7s %6lld  ", v.value("verdict", "").c_str(),
                v.value("requirement", "").c_str(), v.value("level", "").c_str(),
                v.value("count", 0ll)) +
         "e.g. " + v.value("example", "") + "\n";
  t += format("\nlost or corrupted bytes: %lld\n", r.value("lostOrCorruptedBytes", 0ll));
  t += "verdict: " + r.value("verdict", "") + (r.value("passed", false) ? "" : " (the run fails)") +
       "\n";
  return t;
}

}  // namespace ulp::load
