// The generators of commands, shared by command_gen.cpp (the session's own commands) and
// invalid_request_gen.cpp (requests the spec refuses whatever the state).
#pragma once

#include <rapidcheck.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "properties/commands.hpp"

namespace ulp::properties {

// A "small" part or step: few bytes, readable in a shrunk case. Not a limit of the spec.
constexpr std::int64_t kFew = 8;

// The operations whose requests the properties send.
inline const std::vector<std::string>& operations() {
  static const std::vector<std::string> all = {"InitiateLayerUpload", "UploadLayerPart",
                                               "CompleteLayerUpload"};
  return all;
}

template <class Intent>
rc::Gen<CommandPtr> steps(rc::Gen<Intent> intents) {
  return rc::gen::map(std::move(intents), [](Intent i) -> CommandPtr {
    return std::make_shared<const Step<Intent>>(std::move(i));
  });
}

// An UploadId no upload of the model has.
rc::Gen<std::string> unknown_upload_id(const Model& m);

// A request with a member off its shape, missing or of the wrong JSON type; a malformed body.
// `slots`: the uploads the rest of the request may name.
rc::Gen<CommandPtr> invalid_field(const Model& m, std::vector<int> slots);
rc::Gen<CommandPtr> malformed_body(const Model& m, std::vector<int> slots);

}  // namespace ulp::properties
