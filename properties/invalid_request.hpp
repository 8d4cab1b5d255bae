// Requests the spec refuses whatever the state: a member off its shape, missing, or of the
// wrong JSON type (InvalidFieldIntent); a body that is no JSON object, too deeply nested, for
// no operation, or of another media type (MalformedBodyIntent). None may change anything, and
// none may get a 5xx.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/target.hpp"
#include "properties/model.hpp"
#include "properties/prediction.hpp"

namespace ulp::properties {

struct InvalidFieldIntent {
  // beyond_64_bits: a long member set to an integer no 64-bit type holds (VAL-TYPES).
  enum class Change { value, missing, wrong_type, beyond_64_bits };
  std::string operation;  // InitiateLayerUpload, UploadLayerPart or CompleteLayerUpload
  std::string member;
  Change change = Change::value;
  nlohmann::json value;         // value, wrong_type: what the member is set to
  int slot = -1;                // the upload the rest of the request names; -1: none
  std::string spare_upload_id;  // the uploadId when no upload is named
};

struct MalformedBodyIntent {
  enum class Kind {
    truncated,
    not_an_object,
    noise,
    too_deep,
    unknown_operation,
    other_media_type
  };
  std::string operation;
  Kind kind = Kind::truncated;
  std::string text;     // not_an_object, noise: the body; unknown_operation: the operation
  int per_mille = 500;  // truncated: how much of a well-formed body is sent
  // The upload the rest of the request names (-1: the spare upload ID, which no upload has;
  // always so for other_media_type, which then cannot change anything however it is read).
  int slot = -1;
  std::string spare_upload_id;
};

inline bool applicable(const Model&, const InvalidFieldIntent&) {
  return true;
}
Request request(const Model& m, const InvalidFieldIntent& in);
Prediction predict(const Model& m, const InvalidFieldIntent& in);
std::string describe(const InvalidFieldIntent& in);

inline bool applicable(const Model&, const MalformedBodyIntent&) {
  return true;
}
Request request(const Model& m, const MalformedBodyIntent& in);
Prediction predict(const Model& m, const MalformedBodyIntent& in);
std::string describe(const MalformedBodyIntent& in);

// The requirement that refuses a bad value of `member` (spec/requirements.json: the
// validation requirement whose statement names it), VAL-TYPES when none does.
std::string validation_requirement(const std::string& member);

}  // namespace ulp::properties
