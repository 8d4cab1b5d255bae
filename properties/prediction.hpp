// What the model predicts for one request: the answers the spec allows, each with the
// requirement that fixes it and what it does to the model. The reference's own answer comes
// first; when only MUST and SHOULD requirements are compared (Settings::exact false), the
// answers the spec leaves open (PROBE requirements) follow it.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/target.hpp"
#include "properties/model.hpp"

namespace ulp::properties {

// One member of an answer and what it must be.
struct Member {
  enum class Check {
    equals,         // exactly `value`
    absent,         // left out
    present,        // any value (its type is checked against the model's shape anyway)
    registry,       // the registry's ID (learned from the first answer when not known)
    new_upload_id,  // an UploadId no upload of the sequence has
    layer_digest,   // the layer digest of upload `slot` (Model::layer_digest)
  };
  std::string name;
  Check check = Check::equals;
  nlohmann::json value;
  int slot = -1;
  std::string requirement;  // the requirement it rests on; empty: the answer's (see judge)

  static Member equals(std::string name, nlohmann::json value) {
    return {std::move(name), Check::equals, std::move(value), -1, {}};
  }
  static Member of(std::string name, Check check) { return {std::move(name), check, {}, -1, {}}; }
  static Member layer_digest_of(std::string name, int slot) {
    return {std::move(name), Check::layer_digest, {}, slot, {}};
  }
  Member&& resting_on(std::string id) && {
    requirement = std::move(id);
    return std::move(*this);
  }
};

struct Answer {
  bool success = false;
  std::vector<std::string> errors;      // a refusal: one of these (empty: any client error)
  std::vector<std::string> not_errors;  // ... and none of these
  std::vector<Member> members;
  std::string requirement;  // the requirement ID that fixes this answer
  Effect effect;
  // The requirement a refusal with this error, where another answer was due, breaks instead of
  // the first listed (a part of the largest size refused for its position breaks a position
  // rule; a completion whose digest no longer matches after a refused part, NO-CHANGE).
  std::map<std::string, std::string> refused_with;
  // UploadLayerPart: where the upload would stand had its refused parts moved it on
  // (Upload::moved_to), and the part's first byte. An answer that shows the upload there
  // breaks ULP-RANGE-NO-CHANGE, whatever rule the answer otherwise rests on.
  std::vector<std::int64_t> moved_to;
  std::int64_t part_first = -1;
  // An answer the MUST requirements allow that is not the reference's, and the requirement
  // that makes it differ: a PROBE, broken only where PROBE answers are compared
  // (Settings::exact); or a SHOULD, always broken (prediction.probe, prediction.breaking).
  std::string unlike_reference;

  static Answer accepted(std::vector<Member> members, Effect effect, std::string requirement);
  static Answer refused(std::string error, std::vector<Member> members, std::string requirement,
                        Effect effect = {});
  static Answer refused_with_any(std::vector<std::string> errors, std::string requirement,
                                 Effect effect = {});
  static Answer any_refusal(std::string requirement, Effect effect = {});

  std::string describe() const;
};

struct Prediction {
  std::string operation;
  std::vector<Answer> answers;  // the reference's answer first

  // The answer a target that follows the spec exactly as the reference reads it gives.
  const Answer& reference() const { return answers.front(); }
  Prediction& also(Answer a) {
    answers.push_back(std::move(a));
    return *this;
  }
  // An answer that only `probe`, a PROBE requirement, allows: allowed where PROBE answers are
  // not compared, a difference on that PROBE where they are.
  Prediction& probe(Answer a, std::string probe) {
    a.unlike_reference = std::move(probe);
    return also(std::move(a));
  }
  // An answer that keeps the MUST requirements but breaks `should`, a SHOULD requirement: the
  // model follows it, and the mismatch is graded at that level.
  Prediction& breaking(Answer a, std::string should) {
    return probe(std::move(a), std::move(should));
  }
  std::string describe() const;
};

// One way a response differs from the prediction, with the one requirement it breaks: a
// protocol rule (PROTO-NO-5XX only for a 5xx or no answer), or the requirement that fixes the
// predicted answer closest to the response (same outcome, else the reference's).
struct Mismatch {
  std::string requirement;
  std::string message;
};

struct Judgement {
  const Answer* answer = nullptr;  // the allowed answer the response is, if any
  std::vector<Mismatch> mismatches;
  bool matched() const { return answer != nullptr; }
};

// The requirements every response is checked against besides its answer's (answered, no
// 5xx, media type, request ID, well-formed; an error's type, message and status).
std::vector<std::string> protocol_requirements(const Response& response);

// Judges a response against the prediction, in the model's state before the request.
Judgement judge(const Prediction& prediction, const Response& response, const Model& model);

}  // namespace ulp::properties
