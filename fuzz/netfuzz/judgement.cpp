#include "fuzz/netfuzz/judgement.hpp"

#include <algorithm>

#include "core/spec.hpp"
#include "core/validate.hpp"

namespace ulp::netfuzz {

using nlohmann::json;

namespace {

// Whether the fault is a signature's (an AUTH requirement): its refusal's type and status are
// then the authentication errors' rule, not the fault's.
bool about_signature(const Fault& f) {
  const Requirement* r = Spec::get().requirement(f.requirement);
  return r && r->category == "auth";
}

// Whether `error` is one of the operation's own (the model's): a refusal from past the
// signature check, so a spoiled signature was taken.
bool operation_error(const std::string& op, const std::string& error) {
  const Operation* o = Spec::get().operation(op);
  return o && std::find(o->errors.begin(), o->errors.end(), error) != o->errors.end();
}

std::string outcome(const Response& r) {
  if (r.status == 0) return "no answer (" + r.transport_error + ")";
  std::string s = std::to_string(r.status);
  if (!r.error_type.empty()) s += " " + r.error_type;
  return s;
}

std::string joined(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : " or ") + n;
  return out;
}

const json* member(const Response& r, const char* name) {
  if (!r.json || !r.json->is_object()) return nullptr;
  auto it = r.json->find(name);
  return it == r.json->end() ? nullptr : &*it;
}

std::string text_of(const json* v) {
  return v ? v->dump() : "(absent)";
}

bool same_media_type(const std::string& header, const std::string& expected) {
  std::string type = header.substr(0, header.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return type.size() == expected.size() &&
         std::equal(type.begin(), type.end(), expected.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

class Judge {
 public:
  Judge(const CallContext& call, const Response& endpoint, const Response& reference)
      : c_(call), e_(endpoint), r_(reference), x_(call.expectation) {}

  Judgement run() {
    if (!answered()) return std::move(j_);
    check_form();
    check_reference();
    if (x_.acceptance_documented())
      check_acceptance();
    else if (e_.ok() != r_.ok()) {
      note(x_.probes().front()->requirement,
           "the endpoint " + std::string(e_.ok() ? "accepted" : "refused (" + outcome(e_) + ")") +
               " what the reference " + (r_.ok() ? "accepts" : "refuses (" + outcome(r_) + ")") +
               ": " + x_.probes().front()->why);
      j_.states_may_differ = true;
    }
    if (!e_.ok() && !r_.ok()) check_error();
    if (e_.ok() && r_.ok()) check_success();
    return std::move(j_);
  }

 private:
  void finding(const std::string& requirement, Level level, std::string what) {
    j_.findings.push_back(
        {requirement, level, grade(level_name(level), false, c_.policy), std::move(what)});
  }
  // A PROBE answered unlike the reference: INFO, or a divergence under
  // --match-reference-probes.
  void note(const std::string& requirement, std::string what) {
    const ulp::Verdict verdict = grade("PROBE", false, c_.policy);
    auto& into = verdict == ulp::Verdict::info ? j_.notes : j_.findings;
    into.push_back({requirement, Level::probe, verdict, std::move(what)});
  }

  // PROTO-NO-5XX: a client's request is answered, and never with a fault.
  bool answered() {
    if (e_.status == 0) {
      finding("PROTO-NO-5XX", Level::must, "no answer: " + e_.transport_error);
      j_.states_may_differ = true;
      return false;
    }
    if (e_.status >= 500 && r_.status < 500) {
      finding("PROTO-NO-5XX", Level::must,
              "a " + std::to_string(e_.status) + " for a client's request (" + outcome(e_) +
                  "); the reference answers " + outcome(r_));
      j_.states_may_differ = true;
    }
    return true;
  }

  // What every answer of the endpoint must look like, whatever the reference says.
  void check_form() {
    const Protocol& p = Spec::get().protocol;
    if (!e_.body.empty() && !same_media_type(e_.header("Content-Type"), p.content_type))
      finding("PROTO-CONTENT-TYPE", Level::must,
              "Content-Type '" + e_.header("Content-Type") + "'");
    if (e_.header(p.request_id_header).empty())
      finding("PROTO-REQUEST-ID", Level::should, "no " + p.request_id_header + " header");
    if (e_.ok()) return;
    const json* message = member(e_, "message");
    if (!message) message = member(e_, "Message");
    if (e_.error_type.empty() || !message || !message->is_string())
      finding("PROTO-ERROR-TYPE", Level::must,
              "an error answer without __type or message: " + e_.body.substr(0, 200));
    const bool fault = e_.error_type == "ServerException";
    const int want = fault ? p.server_error_status : p.client_error_status;
    // The status of a refusal for a signature is its own rule's (AUTH-ERROR-TYPES).
    const Fault* refusing = x_.refusing_fault();
    const std::string& auth_errors = Spec::get().protocol.authentication.errors_requirement;
    const bool for_signature = refusing && about_signature(*refusing);
    if (e_.status != want && e_.status < 500)
      finding(for_signature ? auth_errors : "PROTO-ERROR-STATUS", Level::should,
              e_.error_type + " with status " + std::to_string(e_.status) + ", not " +
                  std::to_string(want));
  }

  // The reference must itself answer as the expectation says; when it does not, the fault
  // is this tool's model or the reference's, and the call is not judged on it.
  void check_reference() {
    const Fault* refusing = x_.refusing_fault();
    if (refusing && r_.ok())
      j_.oracle_faults.push_back("the reference accepts what " + refusing->requirement +
                                 " refuses: " + refusing->why);
    if (x_.faults.empty() && !r_.ok())
      j_.oracle_faults.push_back("the reference refuses a call without faults: " + outcome(r_) +
                                 " " + r_.body.substr(0, 200));
    auto allowed = x_.allowed_errors();
    if (!r_.ok() && allowed && !allowed->empty() && !allowed->count(r_.error_type))
      j_.oracle_faults.push_back("the reference answers " + r_.error_type + " where " +
                                 joined(*allowed) + " is expected");
  }

  void check_acceptance() {
    const Fault* refusing = x_.refusing_fault();
    if (refusing && e_.ok()) {
      finding(refusing->requirement, refusing->level,
              "accepted what the spec refuses (" + refusing->why + "); the reference answers " +
                  outcome(r_));
      j_.states_may_differ = true;
    }
    const Authentication& auth = Spec::get().protocol.authentication;
    if (!e_.ok() && e_.status < 500 && c_.signed_as_usual && auth.refuses_with(e_.error_type) &&
        !(refusing && refusing->errors.count(e_.error_type))) {
      // The registry never read the rest: what broke is that such a request is served.
      finding(auth.signed_requirement, Level::must,
              "refused a request signed as usual: " + outcome(e_) + " " + e_.body.substr(0, 200));
      j_.states_may_differ = true;
    } else if (!refusing && !e_.ok() && e_.status < 500) {
      finding(success_requirement(c_.op, c_.to_reference, c_.session), Level::must,
              "refused a call the spec accepts: " + outcome(e_) + " " + e_.body.substr(0, 200));
      j_.states_may_differ = true;
    }
  }

  void check_error() {
    auto allowed = x_.allowed_errors();
    const Fault* refusing = x_.refusing_fault();
    if (refusing && allowed && !allowed->empty() && !e_.error_type.empty() &&
        !allowed->count(e_.error_type)) {
      // For a signature, which refusal is its own rule (a SHOULD), unless the refusal came from
      // past the signature check; else the fault's.
      const bool for_signature =
          about_signature(*refusing) && !operation_error(c_.op, e_.error_type);
      finding(
          for_signature ? Spec::get().protocol.authentication.errors_requirement
                        : refusing->requirement,
          for_signature ? Level::should : refusing->level,
          e_.error_type + " where the spec says " + joined(*allowed) + " (" + refusing->why + ")");
    } else if (!allowed && e_.error_type != r_.error_type) {
      // The answer differs by the first undocumented point the request has, in the order a
      // service reads a request (its headers, then its body, then the session): that PROBE
      // alone, not every PROBE of the request.
      if (!x_.probes().empty())
        note(x_.probes().front()->requirement, "the endpoint answers " + e_.error_type +
                                                   ", the reference " + r_.error_type + " (" +
                                                   x_.probes().front()->why + ")");
      if (x_.probes().empty() && x_.refusing_fault())
        note(x_.refusing_fault()->requirement, "the endpoint answers " + e_.error_type +
                                                   ", the reference " + r_.error_type +
                                                   " (any error is allowed)");
    }
    if (e_.error_type != "InvalidLayerPartException" ||
        r_.error_type != "InvalidLayerPartException")
      return;
    // ULP-RANGE-LAST-VALID, ULP-PROBE-LAST-VALID-INITIAL, ULP-ERR-PART-MEMBERS.
    const json* mine = member(e_, "lastValidByteReceived");
    const json* theirs = member(r_, "lastValidByteReceived");
    if (theirs && (!mine || *mine != *theirs))
      finding("ULP-RANGE-LAST-VALID", Level::must,
              "lastValidByteReceived " + text_of(mine) + ", the last byte accepted is " +
                  theirs->dump());
    if (!theirs && mine)
      note("ULP-PROBE-LAST-VALID-INITIAL",
           "lastValidByteReceived " + mine->dump() + " before any byte was accepted");
    auto sent = json::parse(c_.to_endpoint.body, nullptr, false);
    for (const char* m : {"repositoryName", "uploadId"})
      if (sent.is_object() && sent.contains(m) && (!member(e_, m) || *member(e_, m) != sent[m]))
        finding("ULP-ERR-PART-MEMBERS", Level::should,
                std::string("InvalidLayerPartException's ") + m + " is " + text_of(member(e_, m)) +
                    ", the request's " + sent[m].dump());
  }

  void check_success() {
    const Spec& spec = Spec::get();
    const json& answer = e_.json ? *e_.json : json();
    auto sent = json::parse(c_.to_endpoint.body, nullptr, false);
    const std::string registry = c_.session.endpoint_bindings.at("registryId");
    if (!answer.is_object()) {
      finding("ULP-RESP-WELL-FORMED", Level::should,
              "a success without a JSON object: " + e_.body.substr(0, 200));
      return;
    }
    if (c_.op == "InitiateLayerUpload") {
      const json* id = member(e_, "uploadId");
      if (!id || !id->is_string() || validate("UploadId", *id))
        finding("ILU-RESP-UPLOAD-ID", Level::must, "uploadId " + text_of(id));
      const json* size = member(e_, "partSize");
      if (!size || !size->is_number_integer() || size->get<std::int64_t>() < 0)
        finding("ILU-RESP-UPLOAD-ID", Level::must, "partSize " + text_of(size));
      else if (member(r_, "partSize") && *size != *member(r_, "partSize"))
        note("ILU-PROBE-PART-SIZE",
             "partSize " + size->dump() + ", the reference " + member(r_, "partSize")->dump());
      return;
    }
    if (c_.op == "UploadLayerPart") {
      if (auto bad = validate(spec.operation(c_.op)->output, answer))
        finding("ULP-RESP-WELL-FORMED", Level::should, bad->message());
      const json* last = member(e_, "lastByteReceived");
      if (!last || !sent.is_object() || *last != sent.value("partLastByte", json()))
        finding("ULP-RESP-LAST-BYTE", Level::must,
                "lastByteReceived " + text_of(last) + " for partLastByte " +
                    (sent.is_object() ? sent.value("partLastByte", json()).dump() : "?"));
      check_echo(sent, registry, "ULP-RESP-ECHO", Level::must);
      return;
    }
    if (c_.op == "CompleteLayerUpload") {
      const json* digest = member(e_, "layerDigest");
      const json* want = member(r_, "layerDigest");
      if (!digest || !digest->is_string() || !digest->get<std::string>().starts_with("sha256:") ||
          digest->get<std::string>().size() != 71)
        finding("CLU-RESP-DIGEST", Level::must, "layerDigest " + text_of(digest));
      else if (want && *digest != *want)
        finding("ULP-RANGE-NO-LOSS", Level::must,
                "layerDigest " + digest->dump() + "; the bytes accepted make " + want->dump());
      check_echo(sent, registry, "CLU-RESP-DIGEST", Level::must);
      return;
    }
    if (c_.op == "BatchCheckLayerAvailability") check_layers(answer);
  }

  void check_echo(const json& sent, const std::string& registry, const std::string& requirement,
                  Level level) {
    if (!sent.is_object()) return;
    for (const char* m : {"repositoryName", "uploadId"})
      if (sent.contains(m) && (!member(e_, m) || *member(e_, m) != sent[m]))
        finding(
            requirement, level,
            std::string(m) + " " + text_of(member(e_, m)) + ", the request's " + sent[m].dump());
    const json* r = member(e_, "registryId");
    if (!r || *r != registry)
      finding(requirement, level, "registryId " + text_of(r) + ", the registry is " + registry);
  }

  // BCLA-AVAILABLE: the same layers available, with the same sizes, the same failures.
  void check_layers(const json& answer) {
    auto summary = [](const json& a) {
      std::set<std::string> out;
      if (!a.is_object()) return out;
      for (const auto& l : a.value("layers", json::array()))
        if (l.is_object())
          out.insert("available " + l.value("layerDigest", json()).dump() + " " +
                     l.value("layerSize", json()).dump());
      for (const auto& f : a.value("failures", json::array()))
        if (f.is_object())
          out.insert("failure " + f.value("layerDigest", json()).dump() + " " +
                     f.value("failureCode", json()).dump());
      return out;
    };
    if (r_.json && summary(answer) != summary(*r_.json))
      finding("BCLA-AVAILABLE", Level::should,
              "answered " + answer.dump() + "; the reference " + r_.json->dump());
  }

  const CallContext& c_;
  const Response& e_;
  const Response& r_;
  const Expectation& x_;
  Judgement j_;
};

}  // namespace

bool fails_run(const Judgement& judgement, const GradingPolicy& policy) {
  for (const auto& f : judgement.findings)
    if (ulp::fails_run(f.verdict, policy)) return true;
  return false;
}

Judgement judge(const CallContext& call, const Response& endpoint, const Response& reference) {
  return Judge(call, endpoint, reference).run();
}

}  // namespace ulp::netfuzz
