#include "conformance/case_runner.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include "conformance/case_environment.hpp"
#include "conformance/interrupt.hpp"
#include "conformance/matcher.hpp"
#include "conformance/step_signing.hpp"
#include "core/aws_json.hpp"
#include "core/races.hpp"
#include "core/retrying_target.hpp"
#include "core/spec.hpp"
#include "core/validate.hpp"

namespace ulp::conformance {

using nlohmann::json;

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The run stops: Ctrl-C (the case is SKIP) or the budget (the case is ERROR).
struct Stopped {
  Verdict verdict;
  std::string reason;
};

// A request as sent, with the parts a reproduction needs.
struct Built {
  Request request;
  json fields;  // null for a raw body
  std::vector<std::pair<std::string, const Blob*>> blobs;
  bool custom_headers = false;
};

bool is_blob(const json& v) {
  return v.is_object() && v.size() == 1 && v.contains("$blob");
}

const Blob& blob_of(const json& v, CaseEnvironment& env) {
  const json& b = v["$blob"];
  return b.is_string() ? env.blob(b.get<std::string>()) : env.blob(b);
}

std::string as_text(const json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

Built build(const Step& s, CaseEnvironment& env) {
  Built b;
  b.request.operation = s.op;
  if (s.raw_body) {
    b.request.body = as_text(evaluate_template(*s.raw_body, env));
  } else {
    b.fields = json::object();
    if (s.request) {
      json t = s.request->is_string() ? evaluate_template(s.request->get<std::string>(), env)
                                      : *s.request;
      if (!t.is_object())
        throw ExpressionError("the request is " + short_json(t) + ", not a JSON object");
      // Top-level blobs are spliced in as text: dumping a 28 MB string through the JSON
      // library character by character would dominate the run.
      for (const auto& [k, v] : t.items()) {
        if (is_blob(v))
          b.blobs.emplace_back(k, &blob_of(v, env));
        else
          b.fields[k] = s.request->is_string() ? v : env.resolve(v);
      }
    }
    for (const auto& o : s.omit) {
      std::string member = as_text(evaluate_template(o, env));
      b.fields.erase(member);
      std::erase_if(b.blobs, [&](const auto& blob) { return blob.first == member; });
    }
    if (b.blobs.size() == 1) {
      b.request.body = aws_json::with_blob(b.fields, b.blobs[0].first, b.blobs[0].second->base64());
    } else {
      json all = b.fields;
      for (const auto& [member, blob] : b.blobs) all[member] = blob->base64();
      b.request.body = all.dump(-1, ' ', false, json::error_handler_t::replace);
    }
  }
  for (const auto& [name, value] : s.headers)
    b.request.headers.emplace(as_text(evaluate_template(name, env)),
                              as_text(evaluate_template(value, env)));
  b.request.omit_headers = s.omit_headers;
  b.custom_headers = !s.headers.empty() || !s.omit_headers.empty();
  // What the step grades is its answer, even a throttling code (LimitExceededException).
  for (const auto& e : s.expect)
    b.request.graded_errors.insert(b.request.graded_errors.end(), e.errors.begin(), e.errors.end());
  return b;
}

// Why an answer cannot be graded: throttling that outlasted every attempt, which says nothing
// of the rule the step tests. An error the step expects, or one the operation itself raises
// (LimitExceededException, which ECR also answers for its own limits), is an answer: graded.
std::optional<std::string> still_throttled(const Response& r, const Request& request) {
  if (!throttled(r)) return std::nullopt;
  auto among = [&](const std::vector<std::string>& errors) {
    return std::find(errors.begin(), errors.end(), r.error_type) != errors.end();
  };
  const Operation* op = Spec::get().operation(request.operation);
  if (among(request.graded_errors) || (op && among(op->errors))) return std::nullopt;
  return "still throttled after " + std::to_string(r.attempts) +
         (r.attempts == 1 ? " attempt" : " attempts") + " (" + *retry_reason(r) +
         "): lower --max-rate or raise --max-attempts";
}

std::string summary(const Response& r) {
  if (r.status == 0) return "no answer (" + r.transport_error + ")";
  std::string out = std::to_string(r.status);
  if (!r.error_type.empty()) out += " " + r.error_type;
  if (r.json) {
    json shown = *r.json;
    if (shown.is_object()) shown.erase(Spec::get().protocol.error_type_field);
    out += " " + short_json(shown, 160);
  } else {
    std::string type = r.header("Content-Type");
    out += " (" + std::to_string(r.body.size()) + " bytes" + (type.empty() ? "" : " of " + type) +
           ", not JSON)";
  }
  return out;
}

// What a probe records: the status, the error or success, and the members that matter.
std::string answer_of(const Response& r) {
  if (r.status == 0) return "no answer (" + r.transport_error + ")";
  std::string out = std::to_string(r.status) + " " + (r.ok() ? "success" : r.error_type);
  if (r.json && r.json->is_object()) {
    json members = *r.json;
    members.erase(Spec::get().protocol.error_type_field);
    members.erase("message");
    if (!members.empty()) out += " " + short_json(members, 160);
  }
  return out;
}

std::string list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : " or ") + n;
  return out;
}

std::vector<std::string> mismatches(const Expectation& e, const Response& r, CaseEnvironment& env) {
  std::vector<std::string> out;
  if (e.success && !r.ok()) out.push_back("expected success, got " + summary(r));
  if (e.refused && !(r.status >= 400 && r.status < 500))
    out.push_back("expected a client error (4xx), got " + summary(r));
  if (!e.errors.empty() &&
      (r.ok() || std::find(e.errors.begin(), e.errors.end(), r.error_type) == e.errors.end()))
    out.push_back("expected " + list(e.errors) + ", got " + summary(r));
  if (e.status) {
    json status = r.status;
    if (auto why = match(*e.status, &status, env)) out.push_back("the status " + *why);
  }
  for (const auto& [name_template, m] : e.headers) {
    const std::string name = as_text(evaluate_template(name_template, env));
    auto it = r.headers.find(name);
    json value = it == r.headers.end() ? json() : json(it->second);
    if (auto why = match(m, it == r.headers.end() ? nullptr : &value, env))
      out.push_back("the header " + name + " " + *why);
  }
  if (!e.body.empty() || !e.body_shape.empty()) {
    if (!r.json || !r.json->is_object()) {
      out.push_back("the answer has no JSON object to check: " + summary(r));
      return out;
    }
    for (const auto& [path, m] : e.body)
      if (auto why = match(m, member_at(*r.json, path), env)) out.push_back(path + " " + *why);
    if (!e.body_shape.empty())
      if (auto bad = validate(e.body_shape, *r.json))
        out.push_back("the answer is not a valid " + e.body_shape + ": " + bad->message());
  }
  return out;
}

// The answers of requests sent together: copies of one, or a request and those alongside it.
std::vector<std::string> mismatches_of_together(const Expectation& e,
                                                const std::vector<Response>& rs,
                                                CaseEnvironment& env) {
  std::vector<std::string> out;
  if (e.race)
    if (auto why = race_rule(e.requirement)->breach(rs)) out.push_back(*why);
  int successes = 0;
  for (const auto& r : rs) successes += r.ok();
  if (e.successes) {
    json count = successes;
    if (auto why = match(*e.successes, &count, env))
      out.push_back("the number of copies that succeeded " + *why);
  }
  if (!e.errors.empty())
    for (std::size_t i = 0; i < rs.size(); ++i)
      if (!rs[i].ok() &&
          std::find(e.errors.begin(), e.errors.end(), rs[i].error_type) == e.errors.end())
        out.push_back("copy " + std::to_string(i + 1) + ": expected " + list(e.errors) + ", got " +
                      summary(rs[i]));
  return out;
}

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

// Keeps the first and the last exchanges of a case that sends thousands.
class ExchangeLog {
 public:
  explicit ExchangeLog(std::size_t keep) : keep_(std::max<std::size_t>(keep, 2)) {}
  void add(Exchange e) {
    if (head_.size() < keep_ / 2) return head_.push_back(std::move(e));
    tail_.push_back(std::move(e));
    if (tail_.size() > keep_ / 2) tail_.erase(tail_.begin()), ++omitted_;
  }
  void move_into(CaseResult& r) {
    r.exchanges = std::move(head_);
    r.exchanges.insert(r.exchanges.end(), tail_.begin(), tail_.end());
    r.exchanges_omitted = omitted_;
  }

 private:
  std::size_t keep_, omitted_ = 0;
  std::vector<Exchange> head_, tail_;
};

class Execution {
 public:
  Execution(const Case& c, Endpoint& endpoint, const RunSettings& settings, Watchdog& watchdog,
            Reproducer* reproducer, CaseRunner& runner)
      : c_(c),
        endpoint_(endpoint),
        settings_(settings),
        watchdog_(watchdog),
        reproducer_(reproducer),
        runner_(runner),
        log_(settings.max_exchanges_kept) {
    result_.test = CaseInfo::of(c);
  }

  CaseResult run() {
    auto start = Clock::now();
    auto connection = endpoint_.connect();
    connection_ = connection.get();
    {
      CaseRepositories repositories(
          settings_, *connection,
          [this](const Request& q, const Response& r, double s) { record(0, q, r, s); }, c_.id);
      CaseEnvironment env(c_, settings_, repositories);
      try {
        for (std::size_t k = 0; k < c_.steps.size() && !stop_; ++k) run_step(k, env);
      } catch (const Stopped& s) {
        end_with(s.verdict, s.reason);
      } catch (const Unavailable& u) {
        end_with(Verdict::skip, u.what());
      } catch (const SetupError& e) {
        end_with(Verdict::error, e.what());
      } catch (const ExpressionError& e) {
        end_with(Verdict::error,
                 "suite fault in step " + std::to_string(step_ + 1) + ": " + e.what());
      } catch (const std::exception& e) {
        end_with(Verdict::error, "step " + std::to_string(step_ + 1) + ": " + e.what());
      }
      repositories.cleanup();
      result_.warnings = repositories.warnings;
    }
    finish();
    log_.move_into(result_);
    result_.seconds = since(start);
    return std::move(result_);
  }

 private:
  void record(int step, const Request& q, const Response& r, double seconds) {
    result_.retries += r.attempts - 1;
    Exchange e = record_exchange(step, q, r, seconds);
    if (runner_.on_exchange) runner_.on_exchange(result_, e);
    log_.add(std::move(e));
    ++result_.requests;
  }

  void end_with(Verdict v, const std::string& reason) {
    if (!stop_) {  // an exception: the step under way was not judged
      stop_ = true;
      unjudged_from_ = step_;
      result_.blocker = Blocker{static_cast<int>(step_) + 1, "", reason};
    }
    forced_ = v;
    result_.reason = reason;
    if (v == Verdict::error) result_.details.push_back(reason);
  }

  void check_stop() {
    if (interrupted()) throw Stopped{Verdict::skip, "interrupted (Ctrl-C)"};
    if (watchdog_.budget_exhausted())
      throw Stopped{Verdict::error, "stopped: the run's budget (--budget) ran out"};
  }

  Response send(Target& target, const Request& request, int step) {
    auto id = watchdog_.begin_request();
    auto start = Clock::now();
    Response r = target.send(request);
    std::string aborted = watchdog_.end_request(id);
    if (r.status == 0)
      r.transport_error = aborted.empty() ? explain_transport_error(r.transport_error) : aborted;
    record(step, request, r, since(start));
    return r;
  }

  // Each request on a connection of its own, all at the same instant.
  std::vector<Response> send_together(const std::vector<const Request*>& requests, int step) {
    std::vector<std::unique_ptr<Target>> connections;
    for (std::size_t i = 0; i < requests.size(); ++i) connections.push_back(endpoint_.connect());
    std::vector<Response> out(requests.size());
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < out.size(); ++i)
      threads.emplace_back([&, i] {
        auto id = watchdog_.begin_request();
        out[i] = connections[i]->send(*requests[i]);
        std::string aborted = watchdog_.end_request(id);
        if (out[i].status == 0)
          out[i].transport_error =
              aborted.empty() ? explain_transport_error(out[i].transport_error) : aborted;
      });
    for (auto& t : threads) t.join();
    for (std::size_t i = 0; i < out.size(); ++i) record(step, *requests[i], out[i], 0);
    return out;
  }

  void reproduce(int step, const Built& b) {
    if (!reproducer_ || !result_.reproduction.empty()) return;
    SentRequest sent;
    sent.request = &b.request;
    sent.fields = b.fields;
    for (const auto& [member, blob] : b.blobs) sent.blobs.emplace_back(member, &blob->bytes());
    sent.custom_headers = b.custom_headers;
    try {
      result_.reproduction = reproducer_->lines(c_.id, step, sent);
    } catch (const std::exception& e) {
      result_.reproduction = {"(no reproduction: " + std::string(e.what()) + ")"};
    }
  }

  const std::string& level_of(const std::string& requirement) {
    static const std::string none;
    const Requirement* r = Spec::get().requirement(requirement);
    return r ? r->level : none;
  }

  std::string at_step(int step) const { return c_.id + " step " + std::to_string(step); }

  // A FAIL stops the case: what comes after it depends on the state it failed to make.
  void stop_at(int step, const std::string& requirement) {
    if (stop_) return;
    stop_ = true;
    unjudged_from_ = step_ + 1;
    result_.blocker = Blocker{step, requirement, requirement + " at " + at_step(step)};
  }

  // Every check, whatever its driver, is graded by core/grading.hpp from its requirement's level.
  // `single`: the step's one answer; else `together`, what a PROBE records of its answers.
  void grade(const Step& s, int step, const std::string& requirement, std::vector<std::string> why,
             const Response* single, const std::string& together = "") {
    const std::string& level = level_of(requirement);
    const bool held = why.empty();
    Check check{
        step,           s.op, requirement, level, ulp::grade(level, held, settings_.grading),
        join(why, "; ")};
    std::string where = "step " + std::to_string(step) + " (" + s.op + "): ";
    if (level == "PROBE") {
      const Requirement* r = Spec::get().requirement(requirement);
      ProbeAnswer a{step, requirement,
                    single              ? answer_of(*single)
                    : !together.empty() ? together
                    : held              ? "as expected"
                                        : check.message,
                    r->reference, held};
      if (broken(check.verdict))
        result_.details.push_back(where + requirement + " (PROBE, --match-reference-probes): " +
                                  a.answer + "; the reference answers: " + a.reference);
      result_.probes.push_back(std::move(a));
    } else if (!held) {
      result_.details.push_back(where + requirement + " (" + level + "): " + check.message);
    }
    failed_ = worse(failed_, check.verdict);
    // A FAIL (a broken MUST, or a PROBE under --match-reference-probes) stops the case: the
    // steps after it would run on a state the reference never has.
    if (check.verdict == Verdict::fail) stop_at(step, requirement);
    result_.checks.push_back(std::move(check));
  }

  // An expectation on the kind of answer (success, a refusal, an error, a status), and one on
  // the members of the answer, which only the expected kind of answer has.
  static bool on_kind(const Expectation& e) {
    return e.success || e.refused || !e.errors.empty() || e.status || e.successes || e.race;
  }
  static bool on_other_kind(const Expectation& e, const Response& r) {
    const bool on_refusal = e.refused || !e.errors.empty();
    return (on_refusal && r.ok()) || (e.success && !r.ok());
  }
  static bool on_members_only(const Expectation& e) {
    return !on_kind(e) && (!e.body.empty() || !e.body_shape.empty());
  }

  // Grades a step's expectations on its answers. Each is judged on its own, on the answer that
  // came, when it can be: a header is a header on any answer; the members of an error cannot be
  // judged on a success, so they are unreached when the step's kind of answer was wrong.
  // A request signed as usual and refused for its signature breaks the rule that such a
  // request is served, whatever the step meant to test: the registry never read the rest.
  bool refused_for_its_signature(const Step& s, const Response& r) const {
    return s.signing.empty() && settings_.credentials && !r.ok() &&
           Spec::get().protocol.authentication.refuses_with(r.error_type);
  }

  void grade_step(const Step& s, int step, const std::vector<Response>& responses,
                  CaseEnvironment& env) {
    const bool together = responses.size() > 1;
    if (!together && refused_for_its_signature(s, responses[0])) {
      grade(s, step, Spec::get().protocol.authentication.signed_requirement,
            {"a request signed as usual was refused: " + summary(responses[0])}, &responses[0]);
      for (const auto& e : s.expect) result_.unreached.push_back(e.requirement);
      return;
    }
    auto check = [&](const Expectation& e) {
      return together ? mismatches_of_together(e, responses, env)
                      : mismatches(e, responses[0], env);
    };
    const Response* single = together ? nullptr : &responses[0];
    const std::string answers = together ? outcomes(s, responses) : "";
    bool kind_held = true;
    for (const auto& e : s.expect) {
      if (!on_kind(e)) continue;
      // Once the step's kind of answer was wrong, an expectation on a refusal (the error's
      // type, its status) cannot be judged on a success, nor one on a success on a refusal.
      if (!kind_held && !together && on_other_kind(e, responses[0])) {
        result_.unreached.push_back(e.requirement);
        continue;
      }
      auto why = check(e);
      kind_held = kind_held && why.empty();
      grade(s, step, e.requirement, std::move(why), single, answers);
    }
    for (const auto& e : s.expect) {
      if (on_kind(e)) continue;
      if (on_members_only(e) && !kind_held) {
        result_.unreached.push_back(e.requirement);
        continue;
      }
      grade(s, step, e.requirement, check(e), single, answers);
    }
  }

  // "UploadLayerPart: success, CompleteLayerUpload: InvalidLayerException", for the record.
  static std::string outcomes(const Step& s, const std::vector<Response>& responses) {
    std::string out;
    for (std::size_t i = 0; i < responses.size(); ++i) {
      const std::string& op = i == 0 || s.alongside.empty() ? s.op : s.alongside[i - 1].op;
      out += (i ? ", " : "") + op + ": " + outcome_of(responses[i]);
    }
    return out;
  }

  // A value a later step needs is missing: a broken check of the step's first requirement, and
  // the case cannot go on whatever that requirement's level.
  void missing_value(const Step& s, int step, const std::string& variable, const std::string& path,
                     const Response& r) {
    const std::string& requirement = s.expect.front().requirement;
    if (!stop_)
      grade(s, step, requirement,
            {"the answer has no " + path + " to keep as ${" + variable + "}: " + summary(r)}, &r);
    stop_at(step, requirement);
  }

  void run_step(std::size_t index, CaseEnvironment& env) {
    step_ = index;
    const Step& s = c_.steps[index];
    const int step = static_cast<int>(index) + 1;
    check_stop();
    for (double waited = 0; waited < s.wait_seconds; waited += 0.05) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      check_stop();
    }
    const std::int64_t times = s.repeat ? env.integer(*s.repeat) : 1;
    for (std::int64_t i = 0; i < times && !stop_; ++i) {
      if (s.repeat) {
        env.set("i", i);
        if (i % 64 == 0) check_stop();
      }
      Built b = build(s, env);
      if (!s.signing.empty()) {
        sign_step(s.signing, b.request, connection_->host_header(),
                  {settings_.credentials, settings_.region});
        b.custom_headers = true;  // reproduced with its own headers, as the CLI cannot spoil
      }
      std::vector<Built> others;
      for (const Step& other : s.alongside) others.push_back(build(other, env));
      std::vector<const Request*> sent(static_cast<std::size_t>(s.copies), &b.request);
      for (const Built& other : others) sent.push_back(&other.request);
      std::vector<Response> responses =
          sent.size() > 1 ? send_together(sent, step)
                          : std::vector<Response>{send(*connection_, b.request, step)};

      for (std::size_t k = 0; k < responses.size(); ++k)
        if (auto why = still_throttled(responses[k], *sent[k])) {
          const std::string reason = "step " + std::to_string(step) + " (" + s.op + "): " + *why;
          stop_ = true;
          unjudged_from_ = step_;
          result_.blocker = Blocker{step, "", "throttled at " + at_step(step)};
          end_with(Verdict::error, reason);
          return;
        }
      const bool all_probes = std::all_of(s.expect.begin(), s.expect.end(), [&](const auto& e) {
        return level_of(e.requirement) == "PROBE";
      });
      auto unanswered = std::find_if(responses.begin(), responses.end(),
                                     [](const Response& r) { return r.status == 0; });
      if (unanswered != responses.end()) {
        check_stop();
        if (!all_probes) {
          reproduce(step, b);
          const std::string why = "step " + std::to_string(step) + " (" + s.op +
                                  "): no answer: " + unanswered->transport_error;
          stop_ = true;
          unjudged_from_ = step_ + 1;
          result_.blocker = Blocker{step, "", "no answer at " + at_step(step)};
          for (const auto& e : s.expect) result_.unreached.push_back(e.requirement);
          end_with(Verdict::error, why);
          return;
        }
      }
      const std::size_t failures_before = result_.details.size();
      grade_step(s, step, responses, env);
      for (const auto& [variable, path] : s.save) {
        const Response& r = responses[0];
        const json* value = r.json ? member_at(*r.json, path) : nullptr;
        if (value)
          env.set(variable, *value);
        else
          missing_value(s, step, variable, path, r);
      }
      if (result_.details.size() > failures_before) reproduce(step, b);
    }
  }

  // The checks the case never judged, for NOT REACHED: those of the steps after the one that
  // stopped it, and the requirements it declares that no check reached.
  void note_unreached() {
    if (!stop_ || forced_ == Verdict::skip) return;  // SKIP: the case was not for this run
    for (std::size_t k = unjudged_from_; k < c_.steps.size(); ++k)
      for (const auto& e : c_.steps[k].expect) result_.unreached.push_back(e.requirement);
    for (const auto& id : c_.requirements) {
      bool judged = std::any_of(result_.checks.begin(), result_.checks.end(),
                                [&](const Check& k) { return k.requirement == id; });
      bool listed = std::find(result_.unreached.begin(), result_.unreached.end(), id) !=
                    result_.unreached.end();
      if (!judged && !listed) result_.unreached.push_back(id);
    }
  }

  void finish() {
    result_.verdict = forced_ ? *forced_ : failed_;
    note_unreached();
    attribute(result_);
    if (result_.reason.empty()) {
      if (!result_.details.empty()) {
        result_.reason = result_.details.front();
      } else if (result_.verdict == Verdict::info) {
        std::vector<std::string> answers;
        for (const auto& a : result_.probes)
          answers.push_back(
              a.requirement + ": " + a.answer +
              (a.as_reference ? " (as the reference)" : " (the reference: " + a.reference + ")"));
        result_.reason = join(answers, "; ");
      }
    }
  }

  const Case& c_;
  Endpoint& endpoint_;
  const RunSettings& settings_;
  Watchdog& watchdog_;
  Reproducer* reproducer_;
  CaseRunner& runner_;
  ExchangeLog log_;
  Target* connection_ = nullptr;
  CaseResult result_;
  Verdict failed_ = Verdict::pass;
  std::optional<Verdict> forced_;
  bool stop_ = false;
  std::size_t step_ = 0;
  std::size_t unjudged_from_ = 0;  // the first step none of whose checks were judged
};

}  // namespace

CaseResult CaseRunner::run(const Case& c) {
  return Execution(c, endpoint_, settings_, watchdog_, reproducer_, *this).run();
}

}  // namespace ulp::conformance
