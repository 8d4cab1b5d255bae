// What ulp-netfuzz sends, as data: a call is an operation with a body template in which
// ${repositoryName}, ${otherRepositoryName}, ${unknownRepositoryName}, ${registryId} and
// ${uploadId<k>} (the k-th upload initiated) stand for what each side (the endpoint, the
// in-process reference) calls them. The names are the conformance fixtures' own, so a
// divergence is written as a fixture almost as it is. A sequence of calls is replayable:
// it is what --out keeps and --replay reads.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/target.hpp"

namespace ulp::netfuzz {

struct Call {
  std::string op;
  nlohmann::json body = nlohmann::json::object();  // a template (see above)
  std::optional<std::string> raw_body;  // instead of body: template text, for malformed bodies
  std::vector<std::pair<std::string, std::string>> headers;  // added or replacing the protocol's
  std::vector<std::string> omit_headers;
  std::string saves_upload;  // "uploadId2": the answer's uploadId is bound to this name
  std::string intent;        // what the generator meant ("a part 3 bytes past the next")
  std::string signing;       // signed wrongly on purpose: a mode of core/spoiled_signing.hpp

  nlohmann::json to_json() const;
  static Call from_json(const nlohmann::json& j);
};

// How one side names things: template name -> value.
using Bindings = std::map<std::string, std::string>;

// The request a side sends for a call. Bindings replace "${name}" strings of the body and
// ${name} anywhere in a raw body; an unbound name stays as written.
Request render(const Call& call, const Bindings& bindings);

// The ${...} spans of a template text, [begin, end): a raw mutation leaves them whole.
std::vector<std::pair<std::size_t, std::size_t>> template_spans(const std::string& text);

}  // namespace ulp::netfuzz
