#include "fuzz/netfuzz/fixture_writer.hpp"

#include <algorithm>

#include "core/spec.hpp"

namespace ulp::netfuzz {

using nlohmann::json;

namespace {

bool is_requirement(const std::string& id) {
  return Spec::get().requirement(id) != nullptr;
}

json refusal(const std::string& requirement, const Expectation& x) {
  json e = {{"requirement", requirement}, {"refused", true}};
  if (auto allowed = x.allowed_errors(); allowed && !allowed->empty()) {
    if (allowed->size() == 1)
      e["error"] = *allowed->begin();
    else
      e["error"] = {{"anyOf", json(*allowed)}};
  }
  return e;
}

// The requirement a success of this step tests (every expectation of a fixture names one):
// a part from byte 0 is a first part, any other accepted part a consecutive one.
std::string success_requirement_of(const Step& s) {
  const std::string& op = s.call.op;
  if (op == "InitiateLayerUpload") return "ILU-RESP-UPLOAD-ID";
  if (op == "CompleteLayerUpload") return "ULP-RANGE-NO-LOSS";
  if (op == "BatchCheckLayerAvailability") return "BCLA-AVAILABLE";
  if (op == "UploadLayerPart") {
    const json& body = s.call.body;
    auto first = body.is_object() ? body.find("partFirstByte") : body.end();
    bool at_zero = first != body.end() && first->is_number_integer() && *first == 0;
    return at_zero ? "ULP-RANGE-FIRST-AT-ZERO" : "ULP-RANGE-CONSECUTIVE";
  }
  return "PROTO-NO-5XX";
}

// What the spec expects of a step that did not diverge.
json expectation_of(const Step& s) {
  const Expectation& x = s.expectation;
  if (const Fault* f = x.refusing_fault()) return refusal(f->requirement, x);
  if (x.faults.empty()) return {{"requirement", success_requirement_of(s)}, {"success", true}};
  // Undocumented: the reference's answer, graded as the PROBE it is (INFO, never failed).
  const Fault* probe = x.probes().front();
  if (!is_requirement(probe->requirement))
    return {{"requirement", "PROTO-NO-5XX"}, {"status", {{"max", 499}}}};
  json e = {{"requirement", probe->requirement}};
  if (s.reference.ok())
    e["success"] = true;
  else
    e["error"] = s.reference.error_type;
  return e;
}

// One expectation per finding of the divergent step.
json expectations_of_divergence(const Step& s) {
  const Protocol& p = Spec::get().protocol;
  json all = json::array();
  for (const auto& f : s.judgement.findings) {
    const std::string& r = f.requirement;
    json e = {{"requirement", r}};
    if (r == "PROTO-CONTENT-TYPE")
      e["headers"] = {{"Content-Type", {{"mediaType", p.content_type}}}};
    else if (r == "PROTO-REQUEST-ID")
      e["headers"] = {{p.request_id_header, {{"present", true}}}};
    else if (r == "PROTO-ERROR-STATUS")
      e["status"] = s.reference.status;
    else if (r == "PROTO-NO-5XX")
      e["status"] = {{"max", 499}};
    else if (r == "PROTO-ERROR-TYPE")
      e["refused"] = true, e["error"] = s.reference.error_type;
    else if (const Fault* refusing = s.expectation.refusing_fault();
             refusing && refusing->requirement == r)
      e = refusal(r, s.expectation);
    else if (!s.reference.ok())
      e["refused"] = true, e["error"] = s.reference.error_type;
    else
      e["success"] = true;
    if (s.reference.json && s.reference.json->is_object()) {
      const json& answer = *s.reference.json;
      for (const char* m : {"lastValidByteReceived", "lastByteReceived", "layerDigest"}) {
        const bool about =
            (r == "ULP-RANGE-LAST-VALID" && std::string(m) == "lastValidByteReceived") ||
            (r == "ULP-RESP-LAST-BYTE" && std::string(m) == "lastByteReceived") ||
            ((r == "ULP-RANGE-NO-LOSS" || r == "CLU-RESP-DIGEST") &&
             std::string(m) == "layerDigest");
        if (about && answer.contains(m)) e["body"] = {{m, answer[m]}};
      }
    }
    all.push_back(std::move(e));
  }
  return all;
}

}  // namespace

json fixture_of(const RunRecord& run, const std::string& id, const std::string& how_found) {
  const Step& divergent = *run.divergent_step();
  json requirements = json::array();
  for (const auto& f : divergent.judgement.findings)
    if (is_requirement(f.requirement) &&
        std::find(requirements.begin(), requirements.end(), f.requirement) == requirements.end())
      requirements.push_back(f.requirement);
  json steps = json::array();
  for (const Step& s : run.steps) {
    json step = {{"title", s.call.intent}, {"op", s.call.op}};
    if (s.call.raw_body)
      step["rawBody"] = *s.call.raw_body;
    else
      step["request"] = s.call.body;
    if (!s.call.headers.empty()) {
      json headers = json::object();
      for (const auto& [name, value] : s.call.headers) headers[name] = value;
      step["headers"] = headers;
    }
    if (!s.call.omit_headers.empty()) step["omitHeaders"] = s.call.omit_headers;
    if (!s.call.signing.empty()) step["signing"] = s.call.signing;
    if (!s.call.saves_upload.empty() && s.reference.ok())
      step["save"] = {{s.call.saves_upload, "uploadId"}};
    step["expect"] =
        &s == &divergent ? expectations_of_divergence(s) : json::array({expectation_of(s)});
    steps.push_back(std::move(step));
  }
  return {{"id", id},
          {"title", "ulp-netfuzz: " + divergent.judgement.findings.front().what.substr(0, 160)},
          {"description", how_found},
          {"requirements", requirements},
          {"tags", {"netfuzz"}},
          {"steps", steps}};
}

}  // namespace ulp::netfuzz
