// Checks a JSON value against a shape of the model: types, required members, length,
// range, pattern, enum, list size, and base64 blobs (decoded on the way, once).
//
//   ulp::Decoded blobs;
//   if (auto bad = ulp::validate("UploadLayerPartRequest", body, &blobs))
//     reply(InvalidParameterException, bad->message());
//   std::string_view part = blobs.at("layerPartBlob");
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace ulp {

struct Invalid {
  std::string field;       // member path: "layerDigests[3]"
  std::string constraint;  // "Member must have length less than or equal to 256"
  std::string message() const;
};

using Decoded = std::map<std::string, std::string>;  // blob member path -> bytes

// Strings held outside the value (aws_json::parse_in_place leaves a part's base64 in the
// body): member path -> text, read in place of the value's string at that path.
using Views = std::map<std::string, std::string_view>;

// Blobs decoded before validation (a part streamed to disk as it arrived): member path ->
// decoded size. Their base64 was found well-formed then; only their length is checked here.
using Staged = std::map<std::string, std::size_t>;

// Which failures to let pass (the reference's mutants use it to break one rule);
// validation goes on after a tolerated failure.
using Tolerate = std::function<bool(const Invalid&)>;

// The first failure, or nullopt when the value conforms. Unknown members are ignored and
// null counts as absent, as AWS JSON 1.1 servers do.
std::optional<Invalid> validate(const std::string& shape, const nlohmann::json& value,
                                Decoded* blobs = nullptr, const Tolerate& tolerate = {},
                                const Views* views = nullptr, const Staged* staged = nullptr);

}  // namespace ulp
