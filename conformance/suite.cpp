#include "conformance/suite.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <thread>

#include "conformance/compare.hpp"
#include "conformance/cost.hpp"
#include "conformance/data_dir.hpp"
#include "conformance/interrupt.hpp"
#include "conformance/mutant_sweep.hpp"
#include "conformance/reports.hpp"
#include "conformance/traceability.hpp"
#include "core/spec.hpp"
#include "core/transport_errors.hpp"

#ifndef ULP_VERSION
#define ULP_VERSION "0"
#endif

namespace ulp::conformance {

namespace {

constexpr std::size_t kMaxAnswerBytes = 8 << 20;  // any real ECR answer is a few KB

std::string now_iso8601() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

bool unreachable(const std::string& transport_error) {
  namespace e = ulp::transport_error;
  for (std::string_view name : {e::kConnection, e::kConnectionTimeout, e::kSslConnection,
                                e::kSslLoadingCerts, e::kSslServerVerification})
    if (transport_error == name) return true;
  return false;
}

bool credentials_refused(const Response& r) {
  for (const char* type :
       {"UnrecognizedClientException", "InvalidSignatureException", "SignatureDoesNotMatch",
        "ExpiredTokenException", "InvalidClientTokenId", "MissingAuthenticationTokenException"})
    if (r.error_type == type) return true;
  return false;
}

std::string random_hex(std::size_t digits) {
  std::random_device rd;
  std::string out;
  while (out.size() < digits) out += "0123456789abcdef"[rd() % 16];
  return out;
}

void say(const std::string& message) {
  std::cerr << "ulp-conformance: " << message << "\n";
}

}  // namespace

Suite::Suite(Options options) : options_(std::move(options)) {}

Suite::~Suite() {
  // Connections go before the embedded server that they are connected to.
  pool_.reset();
  runner_.reset();
  watchdog_.reset();
  endpoint_.reset();
  reference_.reset();
}

std::optional<int> Suite::prepare() {
  if (!options_.compare.empty()) {
    try {
      auto endpoints = load_compared(options_.compare);
      print_comparison(std::cout, endpoints, use_color(options_.color));
      if (!options_.report_html.empty()) {
        write_comparison_html(options_.report_html, endpoints);
        std::cout << "HTML matrix: " << options_.report_html << "\n";
      }
    } catch (const std::exception& e) {
      say(e.what());
      return 2;
    }
    return 0;
  }
  try {
    limits_ = Profile::load(options_.limits);
  } catch (const std::exception& e) {
    say(std::string("--limits: ") + e.what());
    return 2;
  }
  // The schema is compiled in with the rest of spec/; --schema tries another.
  std::unique_ptr<JsonSchema> schema;
  const std::string schema_name =
      options_.schema.empty() ? "spec/fixture.schema.json (built in)" : options_.schema;
  try {
    if (options_.schema.empty()) {
      schema = std::make_unique<JsonSchema>(embedded_json("fixture.schema.json"));
    } else {
      std::ifstream schema_in(options_.schema);
      if (!schema_in) {
        say("cannot read the fixture schema " + options_.schema);
        return 2;
      }
      schema = std::make_unique<JsonSchema>(nlohmann::json::parse(schema_in));
    }
  } catch (const std::exception& e) {
    say(schema_name + ": " + e.what());
    return 2;
  }
  std::vector<std::filesystem::path> dirs;
  for (const auto& d : options_.fixtures) dirs.emplace_back(d);
  if (dirs.empty()) {
    std::string why;
    auto found = default_fixtures_dir(&why);
    if (!found) {
      say(why);
      return 2;
    }
    dirs.push_back(*found);
  }
  fixtures_dir_ = dirs.front().string();
  fixtures_ = load_fixtures(dirs, *schema);
  if (!fixtures_.errors.empty()) {
    for (const auto& e : fixtures_.errors) say("bad fixture: " + e.text());
    say(std::to_string(fixtures_.errors.size()) + " fixture error(s); nothing was run");
    return 2;
  }

  if (options_.traceability) {
    Traceability t = trace(fixtures_.cases);
    std::cout << format_traceability(t);
    return t.problems.empty() ? 0 : 1;
  }

  selected_ = select_cases(fixtures_.cases, options_.filters, options_.excludes, limits_);
  if (selected_.empty()) {
    std::string what;
    for (const auto& f : options_.filters) what += " --filter " + f;
    for (const auto& x : options_.excludes) what += " --exclude " + x;
    say("no case is selected by" + what + " (of " + std::to_string(fixtures_.cases.size()) +
        " cases; see --list)");
    return 2;
  }
  if (!options_.expected_failures.empty()) {
    try {
      expected_ = ExpectedFailures::load(options_.expected_failures);
    } catch (const std::exception& e) {
      say(e.what());
      return 2;
    }
    for (const auto& stale : expected_.unmatched(fixtures_.cases)) say("warning: " + stale);
  }

  settings_.limits = limits_;
  settings_.seed = options_.seed ? *options_.seed : std::random_device{}() % 1000000000;
  settings_.run_id = random_hex(8);
  settings_.keep_repositories = options_.keep_repositories;
  settings_.grading = {options_.strict, options_.match_reference_probes};
  if (!options_.repository_name.empty()) settings_.repository_name = options_.repository_name;
  if (!options_.other_repository_name.empty())
    settings_.other_repository_name = options_.other_repository_name;
  if (!options_.registry_id.empty()) settings_.registry_id = options_.registry_id;
  // A registry of the limits' kind is paced under its quotas; the embedded reference has none.
  try {
    rates_ = override_rates(options_.target.endpoint_url.empty() ? std::map<std::string, double>{}
                                                                 : limits_.requests_per_second,
                            options_.max_rates);
  } catch (const std::invalid_argument& e) {
    say(e.what());
    return 2;
  }
  for (const Case* c : selected_) {
    const Cost& cost = case_costs_[c] = estimate_cost(*c, settings_);
    // --max-requests: the run stops before the first case that would go past it.
    if (options_.max_requests > 0 &&
        (!past_max_requests_.empty() || cost_.requests + cost.requests > options_.max_requests)) {
      past_max_requests_.insert(c);
      continue;
    }
    cost_ += cost;
  }

  if (options_.list) {
    for (const Case* c : selected_) {
      std::string reqs, tags;
      for (const auto& r : c->requirements) reqs += (reqs.empty() ? "" : ",") + r;
      for (const auto& t : all_tags(*c, limits_)) tags += (tags.empty() ? "" : ",") + t;
      std::cout << c->id << "  [" << reqs << "]  {" << tags << "}  " << c->title << "  ("
                << describe_cost(case_costs_[c]) << ")\n";
    }
    std::cout << selected_.size() << " cases from " << fixtures_dir_
              << (options_.fixtures.size() > 1 ? " and more" : "") << "; " << cost_line() << "\n";
    return 0;
  }

  if (options_.all_mutants) {
    if (!options_.target.endpoint_url.empty() || !options_.mutant.empty()) {
      say("--all-mutants runs the embedded reference; it takes no --endpoint-url or --mutant");
      return 2;
    }
    std::cout << "ulp-conformance: " << selected_.size()
              << " cases against the reference and each of its " << reference::mutants().size()
              << " mutants (in process, limits " << limits_.name << ", seed " << settings_.seed
              << ")\n"
              << std::flush;
    KnownFalseAttributions known;
    if (!options_.known_false_attributions.empty()) {
      std::string error;
      known = read_known_false_attributions(options_.known_false_attributions, &error);
      if (!error.empty()) {
        say(error);
        return 2;
      }
    }
    SweepResult sweep = sweep_mutants(selected_, settings_, options_.threads, known);
    std::cout << format_sweep(sweep);
    return sweep.ok() ? 0 : 1;
  }
  return std::nullopt;
}

std::optional<int> Suite::preflight() {
  // Any HTTP answer will do; none at all means there is nothing to grade.
  auto target = endpoint_->connect();
  Request probe =
      Request::of("BatchCheckLayerAvailability",
                  {{"repositoryName", "ulp-conformance-" + settings_.run_id + "-preflight"},
                   {"layerDigests", {"sha256:" + std::string(64, '0')}}});
  auto id = watchdog_->begin_request();
  Response r = target->send(probe);
  std::string aborted = watchdog_->end_request(id);
  if (interrupted()) {
    say("interrupted (Ctrl-C) before the first case");
    return 130;
  }
  if (r.status == 0 && !aborted.empty()) return std::nullopt;  // no answer: graded case by case
  if (r.status == 0 && unreachable(r.transport_error)) {
    say("cannot reach " + endpoint_->describe() + ": " +
        explain_transport_error(r.transport_error));
    return 2;
  }
  if (credentials_refused(r)) {
    say(endpoint_->describe() + " refuses the credentials: " + r.error_type + " " +
        (r.json ? r.json->value("message", r.json->value("Message", "")) : "") +
        " (check --profile, --region, or the AWS_* variables)");
    return 2;
  }
  return std::nullopt;
}

std::optional<int> Suite::connect() {
  HttpTargetOptions http;
  std::string credentials = "unsigned";
  if (options_.target.endpoint_url.empty()) {
    std::string mutant_name = options_.mutant.empty() ? "none" : options_.mutant;
    auto mutant = reference::mutant_named(mutant_name);
    if (!mutant) {
      say("no mutant named '" + mutant_name + "' (ulp-reference-server --list-mutants)");
      return 2;
    }
    // The reference verifies signatures with fresh credentials, unless the run sends none.
    std::optional<sigv4::Key> key;
    if (!options_.target.no_sign_request) key = reference::generated_key(limits_);
    try {
      reference_ = std::make_unique<reference::EmbeddedServer>(limits_, *mutant, key);
    } catch (const std::exception& e) {
      say(std::string("the embedded reference server: ") + e.what());
      return 2;
    }
    http.endpoint_url = reference_->url();
    http.region = limits_.region;
    if (key) {
      http.credentials = key->credentials;
      credentials = "generated for the embedded reference, which verifies them";
    }
    http.connect_timeout_seconds = options_.target.connect_timeout_seconds;
    http.read_timeout_seconds = options_.target.read_timeout_seconds;
    if (http.read_timeout_seconds > 0) ++http.read_timeout_seconds;
    target_description_ = "the embedded reference server (" + reference_->url() +
                          (mutant_name == "none" ? "" : ", mutant " + mutant_name) + ")";
  } else {
    if (!options_.mutant.empty()) {
      say("--mutant applies to the embedded reference; leave out --endpoint-url");
      return 2;
    }
    std::string why;
    auto resolved = resolve_target(options_.target, aws_config::Environment::from_process(), &why);
    if (!resolved) {
      say(why);
      return 2;
    }
    http = resolved->http;
    credentials = resolved->credentials_source;
    // The watchdog holds each request to --request-timeout from start to end and says so;
    // the socket's own timeout, a second later, is only the fallback.
    if (http.read_timeout_seconds > 0) ++http.read_timeout_seconds;
    target_description_ = http.endpoint_url;
  }
  http.max_response_bytes = kMaxAnswerBytes;
  auto limiter = std::make_shared<RateLimiter>(rates_);  // worked out with the selection
  RetrySettings retry;
  retry.max_attempts = options_.max_attempts;
  retry.max_backoff_seconds = options_.max_backoff_seconds;
  retry.seed = settings_.seed;
  try {
    endpoint_ = std::make_unique<HttpEndpoint>(http, limiter, retry);
  } catch (const std::exception& e) {
    say(std::string("--endpoint-url: ") + e.what());
    return 2;
  }
  pacing_ = describe_rates(rates_);
  settings_.region = http.region;
  settings_.credentials = http.credentials;
  install_interrupt_handler();
  watchdog_ = std::make_unique<Watchdog>(*endpoint_, options_.target.read_timeout_seconds,
                                         options_.budget_seconds);
  if (!reference_)
    if (auto code = preflight()) return code;

  std::filesystem::path artifacts = options_.artifacts;
  if (artifacts.empty()) {
    for (const auto& report : {options_.report_html, options_.report_json, options_.report_junit})
      if (!report.empty() && artifacts.empty())
        artifacts = std::filesystem::absolute(report).parent_path() / "ulp-conformance-artifacts";
    if (artifacts.empty())
      artifacts = std::filesystem::temp_directory_path() / ("ulp-conformance-" + settings_.run_id);
  }
  ReproductionSettings rs;
  rs.resend = !reference_;
  rs.target = options_.target;
  rs.region = http.region;
  rs.signed_requests = http.credentials.has_value();
  rs.rerun_arguments = options_.rerun_arguments();
  if (!options_.seed) rs.rerun_arguments += " --seed " + std::to_string(settings_.seed);
  rs.artifacts = artifacts;
  reproducer_ = std::make_unique<Reproducer>(rs);

  runner_ = std::make_unique<CaseRunner>(*endpoint_, settings_, *watchdog_, reproducer_.get());
  std::size_t width = 0;
  for (const Case* c : selected_) width = std::max(width, c->id.size());
  console_ = std::make_unique<Console>(std::cout, use_color(options_.color),
                                       std::min<std::size_t>(width, 48));
  if (options_.verbose)
    runner_->on_exchange = [this](const CaseResult&, const Exchange& e) { console_->exchange(e); };

  // Cases at once: as many as cores against the embedded reference, where nothing is rationed;
  // one against an endpoint, whose quotas and state a run should not strain unasked.
  int jobs = options_.jobs > 0 ? options_.jobs
             : reference_      ? static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))
                               : 1;
  if (options_.verbose) jobs = 1;  // one exchange after another, as they happen
  jobs = std::min<int>(jobs, static_cast<int>(std::max<std::size_t>(selected_.size(), 1)));

  started_at_ = now_iso8601();
  std::cout << "ulp-conformance " << ULP_VERSION << ": " << selected_.size()
            << (selected_.size() == 1 ? " case" : " cases") << " against " << target_description_
            << "; limits " << limits_.name << ", seed " << settings_.seed << ", "
            << (options_.strict ? "strict" : "not strict") << ", credentials " << credentials
            << ", " << pacing_ << ", " << jobs << (jobs == 1 ? " case" : " cases") << " at once; "
            << cost_line() << "\n"
            << std::flush;
  if (jobs > 1) {
    for (std::size_t i = 0; i < selected_.size(); ++i) position_[selected_[i]] = i;
    pool_ =
        std::make_unique<CasePool>(selected_, jobs, [this](const Case& c) { return run_one(c); });
  }
  return std::nullopt;
}

std::string Suite::cost_line() const {
  std::string line = "the selection sends " + describe_cost(cost_);
  if (!past_max_requests_.empty())
    line += " (" + std::to_string(past_max_requests_.size()) + " cases past --max-requests " +
            std::to_string(options_.max_requests) + " are left out)";
  const double seconds = cost_.shortest_seconds(rates_);
  if (seconds > 0) {
    char text[64];
    std::snprintf(text, sizeof text, ", in %.0f s at the least at these rates", seconds);
    line += text;
  }
  return line;
}

CaseResult Suite::run_one(const Case& c) {
  CaseResult r;
  if (interrupted() || watchdog_->budget_exhausted() || past_max_requests_.count(&c)) {
    r.test = CaseInfo::of(c);
    r.verdict = Verdict::skip;
    r.reason = interrupted()                  ? "not run: interrupted (Ctrl-C)"
               : past_max_requests_.count(&c) ? "not run: it would go past --max-requests " +
                                                    std::to_string(options_.max_requests)
                                              : "not run: the run's budget (--budget) ran out";
  } else {
    r = runner_->run(c);
    apply_expected_failures(r, expected_);
  }
  return r;
}

const CaseResult& Suite::run(const Case& c) {
  auto at = position_.find(&c);
  CaseResult r = pool_ && at != position_.end() ? pool_->take(at->second) : run_one(c);
  console_->case_line(r);
  results_.push_back(std::move(r));
  return results_.back();
}

int Suite::finish() {
  Totals totals = count(results_, settings_.grading, watchdog_->elapsed_seconds());
  std::cout << closing_line(totals) << "\n";
  RunInfo info;
  info.version = ULP_VERSION;
  info.target = target_description_;
  info.limits = limits_.name;
  info.started_at = started_at_;
  info.seed = settings_.seed;
  info.grading = settings_.grading;
  info.filters = options_.filters;
  info.excludes = options_.excludes;
  info.expected_failures = options_.expected_failures;
  info.artifacts = reproducer_->settings().artifacts.string();
  RunReport report{info, results_, totals, requirement_results(results_)};
  int code = totals.failed > 0 ? 1 : 0;
  auto write = [&](const std::string& file, auto writer, const char* what) {
    if (file.empty()) return;
    try {
      std::error_code ignored;  // a directory that cannot be made shows as a file not written
      std::filesystem::create_directories(std::filesystem::absolute(file).parent_path(), ignored);
      writer(file, report);
      std::cout << what << " report: " << file << "\n";
    } catch (const std::exception& e) {
      say(e.what());
      code = 2;
    }
  };
  write(options_.report_json, write_json_report, "JSON");
  write(options_.report_junit, write_junit_report, "JUnit");
  write(options_.report_html, write_html_report, "HTML");
  if (std::filesystem::exists(reproducer_->settings().artifacts))
    std::cout << "reproduction files: " << reproducer_->settings().artifacts.string() << "\n";
  std::cout << requirement_summary(results_, report.requirements) << std::flush;
  if (interrupted()) return 130;
  return code;
}

}  // namespace ulp::conformance
