#include "reference/tests/crash/oracle.hpp"

namespace ulp::crash {

namespace {

std::string range(std::int64_t first, std::int64_t size) {
  return "[" + std::to_string(first) + ", " + std::to_string(first + size - 1) + "]";
}

std::optional<std::int64_t> integer_member(const Response& answer, const char* name) {
  if (!answer.json || !answer.json->is_object()) return std::nullopt;
  auto it = answer.json->find(name);
  if (it == answer.json->end() || !it->is_number_integer()) return std::nullopt;
  return it->get<std::int64_t>();
}

std::optional<std::string> availability_of(const std::string& what, const std::string& digest,
                                           std::int64_t size, const Response& answer) {
  const auto layers = answer.json->value("layers", nlohmann::json::array());
  for (const auto& layer : layers) {
    if (!layer.is_object() || layer.value("layerDigest", "") != digest) continue;
    if (layer.value("layerAvailability", "") != "AVAILABLE")
      return what + "not AVAILABLE: " + layer.dump();
    if (!layer.contains("layerSize") || !layer["layerSize"].is_number_integer() ||
        layer["layerSize"].get<std::int64_t>() != size)
      return what + "wrong size: " + layer.dump();
    return std::nullopt;
  }
  return what + "missing: " + describe(answer);
}

}  // namespace

std::string describe(const Response& answer) {
  if (answer.status == 0) return "no answer (" + answer.transport_error + ")";
  std::string text = "HTTP " + std::to_string(answer.status);
  if (!answer.error_type.empty()) text += " " + answer.error_type;
  std::string body = answer.body.size() > 300 ? answer.body.substr(0, 300) + "..." : answer.body;
  return text + " " + body;
}

PartVerdict judge_part(const PartSent& part, const Response& answer) {
  const std::int64_t end = part.first + part.size;
  const std::string sent = "part " + range(part.first, part.size);
  if (answer.ok()) {
    auto last = integer_member(answer, "lastByteReceived");
    if (last && *last == end - 1) return {end, ""};
    return {std::nullopt, sent + " accepted with " + describe(answer) +
                              ": expected lastByteReceived " + std::to_string(end - 1)};
  }
  if (answer.error_type == "InvalidLayerPartException") {
    // lastValidByteReceived is absent while the upload holds no byte.
    auto last_valid = integer_member(answer, "lastValidByteReceived");
    const std::int64_t at = last_valid ? *last_valid + 1 : 0;
    if (part.answer_lost && at == end) return {end, ""};
    if (at == part.first)
      return {std::nullopt, sent + " refused although the server reports it expects byte " +
                                std::to_string(at) + ": " + describe(answer)};
    std::string expected =
        part.answer_lost
            ? "byte " + std::to_string(part.first) + " (acknowledged) or " + std::to_string(end) +
                  " (with the part whose answer was lost)"
            : "byte " + std::to_string(part.first) + " (acknowledged; no answer was lost)";
    return {std::nullopt, sent + " refused: the server resumed at byte " + std::to_string(at) +
                              " (lastValidByteReceived " +
                              (last_valid ? std::to_string(*last_valid) : "absent") +
                              "), expected " + expected};
  }
  if (answer.error_type == "UploadNotFoundException")
    return {std::nullopt, sent +
                              ": the upload disappeared (UploadNotFoundException) at "
                              "acknowledged byte " +
                              std::to_string(part.first) + " without being completed"};
  return {std::nullopt, sent + ": unexpected answer " + describe(answer)};
}

CompletionVerdict judge_completion(const std::string& digest, bool answer_lost,
                                   const Response& answer) {
  using V = CompletionVerdict;
  if (answer.ok()) {
    std::string got;
    if (answer.json && answer.json->is_object() && answer.json->contains("layerDigest") &&
        (*answer.json)["layerDigest"].is_string())
      got = (*answer.json)["layerDigest"].get<std::string>();
    if (got == digest) return {V::completed, ""};
    return {V::violation, "completed as layer '" + got + "', but the client's bytes are " + digest};
  }
  if (answer.error_type == "InvalidLayerException")
    return {V::violation,
            "corruption: the server's bytes differ from the client's (InvalidLayerException "
            "for the SHA-256 of the client's bytes)"};
  // A completion whose answer was lost may have happened: the layer must then be there.
  if (answer.error_type == "UploadNotFoundException" && answer_lost)
    return {V::check_availability, ""};
  if (answer.error_type == "UploadNotFoundException")
    return {V::violation,
            "completion: the upload disappeared (UploadNotFoundException) without being "
            "completed, and no answer was lost"};
  return {V::violation, "completion: unexpected answer " + describe(answer)};
}

std::optional<std::string> judge_availability(const std::string& digest, std::int64_t size,
                                              const Response& answer) {
  const std::string what =
      "BatchCheckLayerAvailability of " + digest + " (" + std::to_string(size) + " bytes): ";
  if (!answer.ok() || !answer.json || !answer.json->is_object())
    return what + "unexpected answer " + describe(answer);
  // Members of the wrong type make value() throw: that too is an unexpected answer.
  try {
    return availability_of(what, digest, size, answer);
  } catch (const nlohmann::json::exception&) {
    return what + "unexpected answer " + describe(answer);
  }
}

}  // namespace ulp::crash
