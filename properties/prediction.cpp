#include "properties/prediction.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>

#include "core/spec.hpp"
#include "core/validate.hpp"
#include "properties/field_values.hpp"

namespace ulp::properties {

using nlohmann::json;

namespace {

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

std::string describe(const Member& m) {
  using C = Member::Check;
  switch (m.check) {
    case C::equals:
      return m.name + " " + m.value.dump();
    case C::absent:
      return "no " + m.name;
    case C::present:
      return "a " + m.name;
    case C::registry:
      return m.name + " (the registry's)";
    case C::new_upload_id:
      return "a new " + m.name;
    case C::layer_digest:
      return m.name + " (sha256 of upload " + std::to_string(m.slot + 1) + "'s bytes)";
  }
  return m.name;
}

bool media_type_is(const std::string& header, const std::string& expected) {
  std::string type = header.substr(0, header.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return std::equal(
      type.begin(), type.end(), expected.begin(), expected.end(),
      [](unsigned char a, unsigned char b) { return std::tolower(a) == std::tolower(b); });
}

// What every response must be, whatever the request: answered, never a 5xx, typed as AWS JSON
// 1.1 says, well-formed by the model.
std::vector<Mismatch> protocol_problems(const std::string& operation, const Response& r) {
  const Spec& spec = Spec::get();
  const Protocol& p = spec.protocol;
  std::vector<Mismatch> out;
  if (r.status == 0) return {{"PROTO-NO-5XX", "no HTTP answer (" + r.transport_error + ")"}};
  if (r.status >= 500) out.push_back({"PROTO-NO-5XX", "status " + std::to_string(r.status)});
  if (!r.body.empty() && !media_type_is(r.header("Content-Type"), p.content_type))
    out.push_back({"PROTO-CONTENT-TYPE", "Content-Type '" + r.header("Content-Type") + "'"});
  if (r.header(p.request_id_header).empty())
    out.push_back({"PROTO-REQUEST-ID", "no " + p.request_id_header + " header"});
  const json* body = r.json && r.json->is_object() ? &*r.json : nullptr;
  if (r.ok()) {
    const Operation* op = spec.operation(operation);
    if (!body)
      out.push_back({"ULP-RESP-WELL-FORMED", "the body is not a JSON object"});
    else if (auto bad = validate(op->output, *body))
      out.push_back({"ULP-RESP-WELL-FORMED", bad->message()});
    return out;
  }
  if (r.error_type.empty()) out.push_back({"PROTO-ERROR-TYPE", "the error names no type"});
  if (!body || !(body->contains("message") || body->contains("Message")))
    out.push_back({"PROTO-ERROR-TYPE", "the error has no message"});
  if (r.status < 500 && r.status != p.client_error_status)
    out.push_back(
        {"PROTO-ERROR-STATUS", "status " + std::to_string(r.status) + " for a client error"});
  auto shape = spec.shapes.find(r.error_type);
  if (body && shape != spec.shapes.end() && shape->second.exception)
    if (auto bad = validate(r.error_type, *body))
      out.push_back({"ULP-RESP-WELL-FORMED", bad->message()});
  return out;
}

std::vector<std::string> member_problems(const Member& m, const json* body, const Model& model) {
  using C = Member::Check;
  const json* value = nullptr;
  if (body)
    if (auto it = body->find(m.name); it != body->end() && !it->is_null()) value = &*it;
  if (m.check == C::absent)
    return value ? std::vector<std::string>{m.name + " " + value->dump()}
                 : std::vector<std::string>{};
  if (!value) return {"no " + m.name};
  switch (m.check) {
    case C::equals:
      if (*value != m.value) return {m.name + " " + value->dump()};
      break;
    case C::registry:
      if (!model.registry_id.empty() ? *value != model.registry_id
                                     : !valid_for("RegistryId", *value))
        return {m.name + " " + value->dump()};
      break;
    case C::new_upload_id:
      if (!valid_for("UploadId", *value)) return {m.name + " " + value->dump() + " is no UploadId"};
      for (std::size_t i = 0; i < model.uploads.size(); ++i)
        if (model.uploads[i].id == *value)
          return {m.name + " " + value->dump() + " is upload " + std::to_string(i + 1) + "'s"};
      break;
    case C::layer_digest: {
      std::string expected = model.layer_digest(model.uploads.at(static_cast<std::size_t>(m.slot)));
      if (*value != expected) return {m.name + " " + value->dump() + ", not " + expected};
      break;
    }
    default:
      break;
  }
  return {};
}

std::vector<std::string> ids_of(const std::string& requirement) {
  std::vector<std::string> ids;
  std::stringstream list(requirement);
  for (std::string id; std::getline(list >> std::ws, id, ',');) ids.push_back(id);
  return ids;
}

// The requirement a member of an answer rests on, whichever rule fixed the answer's outcome
// (a wrong lastValidByteReceived in any refusal breaks ULP-RANGE-LAST-VALID); else the first
// the answer lists, the one its outcome rests on.
std::string member_requirement(const std::string& member, const std::vector<std::string>& ids) {
  static const std::map<std::string, std::string> kByMember = {
      {"partSize", "ILU-PROBE-PART-SIZE"},
      {"lastValidByteReceived", "ULP-RANGE-LAST-VALID"},
      {"lastByteReceived", "ULP-RESP-LAST-BYTE"},
      {"layerDigest", "CLU-RESP-DIGEST"}};
  if (auto it = kByMember.find(member); it != kByMember.end()) return it->second;
  // The members an answer echoes: the echo rule where the answer rests on it, else its own
  // (an error's members are the error's).
  const std::string echo = "ULP-RESP-ECHO";
  if (std::find(ids.begin(), ids.end(), echo) != ids.end()) return echo;
  return ids.empty() ? std::string() : ids.front();
}

// Whether the response shows the upload where a refused part would have moved it: a refusal
// whose lastValidByteReceived ends there, or an acceptance of a part that starts there.
bool shows_moved(const Answer& a, const Response& r) {
  if (a.moved_to.empty()) return false;
  std::int64_t at = -1;
  if (r.ok()) {
    at = a.part_first;
  } else if (r.json && r.json->is_object()) {
    const auto it = r.json->find("lastValidByteReceived");
    if (it != r.json->end() && it->is_number_integer()) at = it->get<std::int64_t>() + 1;
  }
  return std::binary_search(a.moved_to.begin(), a.moved_to.end(), at);
}

const std::string kNoChange = "ULP-RANGE-NO-CHANGE";

// What differs from answer `a`, each with the one requirement of `a` it breaks: its outcome
// the first listed (or the one a refusal's error names); which error, a PROBE listed after it
// (the error's name is undocumented); an upload moved by refused parts, ULP-RANGE-NO-CHANGE.
std::vector<Mismatch> answer_problems(const Answer& a, const Response& r, const Model& model) {
  const auto ids = ids_of(a.requirement);
  const std::string outcome = ids.empty() ? std::string() : ids.front();
  const bool moved = shows_moved(a, r);
  const auto named = r.ok() ? a.refused_with.end() : a.refused_with.find(r.error_type);
  const bool names = named != a.refused_with.end();
  if (a.success && !r.ok())
    return {{moved ? kNoChange : names ? named->second : outcome, "refused with " + r.error_type}};
  if (!a.success && r.ok()) return {{moved ? kNoChange : outcome, "accepted"}};
  if (!a.success) {
    bool listed = a.errors.empty() ||
                  std::find(a.errors.begin(), a.errors.end(), r.error_type) != a.errors.end();
    bool excluded =
        std::find(a.not_errors.begin(), a.not_errors.end(), r.error_type) != a.not_errors.end();
    std::string which = outcome;
    for (const auto& id : ids)
      if (id.find("-PROBE-") != std::string::npos) which = id;
    if (!listed || excluded)
      return {{moved ? kNoChange : names ? named->second : which, "refused with " + r.error_type}};
  }
  std::vector<Mismatch> out;
  const json* body = r.json && r.json->is_object() ? &*r.json : nullptr;
  for (const auto& m : a.members)
    for (auto& problem : member_problems(m, body, model))
      out.push_back({m.name == "lastValidByteReceived" && moved ? kNoChange
                     : !m.requirement.empty()                   ? m.requirement
                                                                : member_requirement(m.name, ids),
                     std::move(problem)});
  return out;
}

}  // namespace

Answer Answer::accepted(std::vector<Member> members, Effect effect, std::string requirement) {
  Answer a;
  a.success = true;
  a.members = std::move(members);
  a.effect = effect;
  a.requirement = std::move(requirement);
  return a;
}

Answer Answer::refused(std::string error, std::vector<Member> members, std::string requirement,
                       Effect effect) {
  Answer a;
  a.errors = {std::move(error)};
  a.members = std::move(members);
  a.requirement = std::move(requirement);
  a.effect = effect;
  return a;
}

Answer Answer::refused_with_any(std::vector<std::string> errors, std::string requirement,
                                Effect effect) {
  Answer a;
  a.errors = std::move(errors);
  a.requirement = std::move(requirement);
  a.effect = effect;
  return a;
}

Answer Answer::any_refusal(std::string requirement, Effect effect) {
  return refused_with_any({}, std::move(requirement), effect);
}

std::string Answer::describe() const {
  std::string out;
  if (success) {
    out = "accepted";
  } else {
    out = errors.empty() ? "refused with a client error" : "refused with " + join(errors, " or ");
    if (!not_errors.empty()) out += " other than " + join(not_errors, " or ");
  }
  std::vector<std::string> members_text;
  for (const auto& m : members) members_text.push_back(properties::describe(m));
  if (!members_text.empty()) out += " (" + join(members_text, ", ") + ")";
  return out + " [" + requirement + "]";
}

std::string Prediction::describe() const {
  if (answers.size() == 1) return answers.front().describe();
  std::vector<std::string> each;
  for (const auto& a : answers) each.push_back(a.describe());
  return "one of: " + join(each, "; or ");
}

std::vector<std::string> protocol_requirements(const Response& r) {
  std::vector<std::string> out = {"PROTO-NO-5XX", "PROTO-CONTENT-TYPE", "PROTO-REQUEST-ID",
                                  "ULP-RESP-WELL-FORMED"};
  if (!r.ok()) out.insert(out.end(), {"PROTO-ERROR-TYPE", "PROTO-ERROR-STATUS"});
  return out;
}

namespace {

// The predicted answer a response is closest to, whose requirement a mismatch breaks: the
// first with the same outcome (accepted, or refused with one of its errors, or refused at
// all), else the reference's. Accepting what only a PROBE refuses breaks that PROBE.
const Answer& closest(const Prediction& prediction, const Response& r) {
  auto refuses_with = [&](const Answer& a) {
    return !a.success && (a.errors.empty() || std::find(a.errors.begin(), a.errors.end(),
                                                        r.error_type) != a.errors.end());
  };
  for (const auto& a : prediction.answers)
    if (r.ok() ? a.success : refuses_with(a)) return a;
  for (const auto& a : prediction.answers)
    if (a.success == r.ok()) return a;
  return prediction.reference();
}

bool is_probe(const std::string& id) {
  const Requirement* r = Spec::get().requirement(id);
  return r && r->level == "PROBE";
}

// Whether the prediction is of an authentication refusal (a spoiled signature).
bool about_authentication(const Prediction& prediction) {
  const auto& auth = Spec::get().protocol.authentication;
  for (const auto& a : prediction.answers)
    for (const auto& e : a.errors)
      if (auth.refuses_with(e)) return true;
  return false;
}

}  // namespace

Judgement judge(const Prediction& prediction, const Response& response, const Model& model) {
  Judgement j;
  j.mismatches = protocol_problems(prediction.operation, response);
  const Authentication& auth = Spec::get().protocol.authentication;
  const bool auth_refusal = !response.ok() && auth.refuses_with(response.error_type);
  const bool spoiled = about_authentication(prediction);
  // The status of a refusal for a signature is ECR's answer to it (AUTH-ERROR-TYPES).
  if (auth_refusal || (!response.ok() && spoiled))
    for (auto& m : j.mismatches)
      if (m.requirement == "PROTO-ERROR-STATUS") m.requirement = auth.errors_requirement;
  // Without an answer, or with a fault, there is no answer to compare.
  if (response.status == 0 || response.status >= 500) return j;
  // A request signed as usual and refused for its signature: the registry never read the
  // rest, and what broke is that such a request is served.
  if (auth_refusal && model.settings().credentials && !spoiled) {
    j.mismatches.push_back({auth.signed_requirement,
                            "a request signed as usual was refused with " + response.error_type});
    return j;
  }
  for (const auto& a : prediction.answers)
    if (answer_problems(a, response, model).empty()) {
      j.answer = &a;
      if (!a.unlike_reference.empty() && (model.exact() || !is_probe(a.unlike_reference)))
        j.mismatches.push_back({a.unlike_reference, "answered as " + a.describe() +
                                                        " allows, not as the reference: " +
                                                        prediction.reference().describe()});
      return j;
    }
  const Answer& near = closest(prediction, response);
  for (auto& m : answer_problems(near, response, model))
    j.mismatches.push_back({m.requirement, m.message + " (not " + near.describe() + ")"});
  return j;
}

}  // namespace ulp::properties
