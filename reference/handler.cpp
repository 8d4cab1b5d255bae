#include "reference/handler.hpp"

#include <algorithm>
#include <cstdio>

#include "core/aws_json.hpp"
#include "core/sha256.hpp"
#include "core/sigv4.hpp"
#include "core/spec.hpp"
#include "core/validate.hpp"
#include "reference/authenticator.hpp"
#include "reference/part_stream.hpp"

namespace ulp::reference {

using nlohmann::json;

namespace {

// A pattern or length constraint: what a mutant that "does not check" a member lets through
// (a missing member or one of the wrong type is still refused, as the rule broken is another).
bool pattern_or_length(const Invalid& bad) {
  return bad.constraint.find("pattern") != std::string::npos ||
         bad.constraint.find("length") != std::string::npos;
}

// What a mutant lets through validation (mutants only; the reference tolerates nothing).
Tolerate tolerated_by(Mutant m) {
  switch (m) {
    case Mutant::missing_field_accepted:
      return [](const Invalid& bad) { return bad.constraint == "Member must not be null"; };
    case Mutant::repository_name_unchecked:
      return [](const Invalid& bad) {
        return bad.field == "repositoryName" && pattern_or_length(bad);
      };
    case Mutant::upload_id_unchecked:
      return [](const Invalid& bad) { return bad.field == "uploadId" && pattern_or_length(bad); };
    case Mutant::registry_id_unchecked:
      return [](const Invalid& bad) { return bad.field == "registryId" && pattern_or_length(bad); };
    case Mutant::digests_unchecked:
      return [](const Invalid& bad) {
        return bad.field.starts_with("layerDigests") && pattern_or_length(bad);
      };
    case Mutant::bad_upload_id:  // it takes back the IDs it hands out
      return [](const Invalid& bad) {
        return bad.field == "uploadId" && bad.constraint.find("pattern") != std::string::npos;
      };
    case Mutant::lenient_base64:
      return [](const Invalid& bad) {
        return bad.field == "layerPartBlob" &&
               bad.constraint.starts_with("Member must be valid base64");
      };
    case Mutant::negative_position_accepted:
      return [](const Invalid& bad) {
        return (bad.field == "partFirstByte" || bad.field == "partLastByte") &&
               bad.constraint.find("greater than or equal to") != std::string::npos;
      };
    default:
      return {};
  }
}

// A member's value; null counts as absent, as it does in validation (found by
// fuzz_http_request: {"registryId": null} threw here and was answered with a 500).
template <class T>
T member_or(const json& body, const char* member, T fallback) {
  auto it = body.find(member);
  if (it == body.end()) return fallback;
  // Validation checked the type of every member the operation has; a member it does not have
  // (an uploadId in an InitiateLayerUpload) may be of any type, and is ignored as unknown.
  bool right_type;
  if constexpr (std::is_same_v<T, std::string>)
    right_type = it->is_string();
  else if constexpr (std::is_same_v<T, bool>)
    right_type = it->is_boolean();
  else
    right_type = it->is_number_integer();
  return right_type ? it->template get<T>() : fallback;
}

RepositoryRef repository_of(const json& body) {
  return {member_or<std::string>(body, "registryId", ""),
          member_or<std::string>(body, "repositoryName", "")};
}

std::vector<std::string> strings_of(const json& body, const char* member) {
  auto it = body.find(member);
  if (it == body.end() || !it->is_array()) return {};
  std::vector<std::string> out;
  for (const auto& s : *it)
    if (s.is_string()) out.push_back(s);
  return out;
}

// The top-level blob members of an input shape (UploadLayerPartRequest: layerPartBlob): their
// base64 is read where it lies in the body rather than copied out of it.
std::vector<std::string> blob_members(const std::string& input) {
  const Spec& spec = Spec::get();
  std::vector<std::string> out;
  auto shape = spec.shapes.find(input);
  if (shape == spec.shapes.end()) return out;
  for (const auto& [member, member_shape] : shape->second.members) {
    auto m = spec.shapes.find(member_shape);
    if (m != spec.shapes.end() && m->second.type == "blob") out.push_back(member);
  }
  return out;
}

// The first member of the body that the input shape does not have ("" when none).
std::string unknown_member(const std::string& input, const json& body) {
  auto shape = Spec::get().shapes.find(input);
  if (shape == Spec::get().shapes.end()) return "";
  for (const auto& item : body.items()) {
    const std::string& member = item.key();  // a plain name: lambdas may capture it (clang 14)
    if (std::none_of(shape->second.members.begin(), shape->second.members.end(),
                     [&](const auto& m) { return m.first == member; }))
      return member;
  }
  return "";
}

bool media_type_is(const std::string& header, const std::string& expected) {
  // "application/x-amz-json-1.1; charset=utf-8" names the same media type.
  std::string type = header.substr(0, header.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  if (type.size() != expected.size()) return false;
  for (std::size_t i = 0; i < type.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(type[i])) != expected[i]) return false;
  return true;
}

}  // namespace

Handler::Handler(Engine& engine, const Authenticator* authenticator)
    : engine_(engine), authenticator_(authenticator) {}

std::optional<HttpResponse> Handler::authenticate(std::string_view method, std::string_view target,
                                                  const Headers& headers,
                                                  const std::string& payload_sha256_hex) {
  if (!authenticator_) return std::nullopt;
  auto refused =
      authenticator_->check(method, target, headers, payload_sha256_hex, engine_.mutant());
  if (!refused) return std::nullopt;
  if (engine_.mutant() == Mutant::auth_forbidden_status)
    return protocol_error(403, "AccessDeniedException", refused->message);
  return protocol_error(Spec::get().protocol.client_error_status, refused->type, refused->message);
}

Handler::~Handler() = default;

std::unique_ptr<PartStream> Handler::stream(const HttpRequest& head) {
  const Protocol& p = Spec::get().protocol;
  auto target = head.headers.find(p.target_header);
  auto content_type = head.headers.find("Content-Type");
  if (head.method != "POST" || (head.path != "/" && !head.path.starts_with("/?")) ||
      target == head.headers.end() || target->second != p.target_prefix + ".UploadLayerPart" ||
      content_type == head.headers.end() || !media_type_is(content_type->second, p.content_type))
    return nullptr;
  return std::make_unique<PartStream>(*this, head);
}

std::size_t Handler::max_body_bytes() const {
  return Spec::get().max_body_bytes(
      std::max(engine_.profile().max_part_bytes, *Spec::get().shape("LayerPartBlob").max));
}

std::string Handler::request_id() {
  // Unique and deterministic (fuzzing wants no randomness outside the input).
  char buf[37];
  std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012llx",
                static_cast<unsigned long long>(++requests_ & 0xFFFFFFFFFFFFull));
  return buf;
}

HttpResponse Handler::success(const json& body) {
  HttpResponse r;
  r.status = 200;
  r.body = body.dump();
  if (engine_.mutant() == Mutant::last_byte_as_fraction && body.contains("lastByteReceived")) {
    json fraction = body;
    fraction["lastByteReceived"] = body["lastByteReceived"].get<double>();
    r.body = fraction.dump();  // 9 -> 9.0
  }
  bool wrong = engine_.mutant() == Mutant::wrong_content_type;
  r.headers.emplace("Content-Type", wrong ? "application/json" : Spec::get().protocol.content_type);
  r.headers.emplace(Spec::get().protocol.request_id_header, request_id());
  return r;
}

HttpResponse Handler::failure(const Error& error) {
  const Spec& spec = Spec::get();
  const Protocol& p = spec.protocol;
  auto shape = spec.shapes.find(error.type);
  bool fault =
      error.type == "ServerException" || (shape != spec.shapes.end() && shape->second.fault);
  HttpResponse r;
  r.status = fault ? p.server_error_status : p.client_error_status;
  if (engine_.mutant() == Mutant::server_error_for_client_mistake &&
      error.type == "InvalidParameterException")
    r.status = p.server_error_status;
  if (engine_.mutant() == Mutant::range_error_416 && error.type == "InvalidLayerPartException")
    r.status = 416;
  json body = error.members;
  body[p.error_type_field] = error.type;
  if (engine_.mutant() != Mutant::no_error_message) body["message"] = error.message;
  // A message may quote the client's bytes (an X-Amz-Target that is not UTF-8, found by
  // fuzz_http_request): those are replaced, rather than dump() throwing and a 500 going out.
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  bool wrong = engine_.mutant() == Mutant::wrong_content_type;
  r.headers.emplace("Content-Type", wrong ? "application/json" : p.content_type);
  if (engine_.mutant() != Mutant::no_request_id_on_errors)
    r.headers.emplace(p.request_id_header, request_id());
  return r;
}

HttpResponse Handler::protocol_error(int status, const std::string& type,
                                     const std::string& detail) {
  HttpResponse r = failure(Error{type, detail, json::object()});
  r.status = status;
  return r;
}

HttpResponse Handler::refused_by_http_layer(int status) {
  const auto& errors = Spec::get().protocol.protocol_errors;
  if (status == 413 && engine_.mutant() == Mutant::oversize_body_wrong_error)
    return protocol_error(400, "SerializationException", "the body is too large");
  if (status == 413)
    return protocol_error(413, "RequestEntityTooLargeException",
                          errors.at("RequestEntityTooLargeException") + " (at most " +
                              std::to_string(max_body_bytes()) + " bytes)");
  if (status >= 500)
    return failure(Error{"ServerException", Spec::get().message("ServerException"), {}});
  if (status == 404 || status == 405)
    return protocol_error(status, "UnknownOperationException",
                          "requests are POST / with an X-Amz-Target header");
  return protocol_error(status, "SerializationException", "the HTTP request is malformed");
}

void Handler::throttle(const std::map<std::string, double>& requests_per_second) {
  rates_ = std::make_unique<RateLimiter>(requests_per_second);
}

HttpResponse Handler::handle(const HttpRequest& request) {
  return handle(request, Streamed{request.body.size(), nullptr, {}});
}

HttpResponse Handler::handle(const HttpRequest& request, const Streamed& streamed) {
  Engine::Serving serving(engine_);
  const StagedPart* blob = streamed.blob;
  const Protocol& p = Spec::get().protocol;
  if (request.method != "POST" || (request.path != "/" && !request.path.starts_with("/?")))
    return refused_by_http_layer(request.method != "POST" ? 405 : 404);
  if (streamed.body_size > max_body_bytes()) return refused_by_http_layer(413);
  if (authenticator_) {
    const std::string hash =
        streamed.payload_sha256.empty() ? Sha256::hex_of(request.body) : streamed.payload_sha256;
    if (auto refused = authenticate(request.method, request.path, request.headers, hash))
      return *refused;
  }

  auto target = request.headers.find(p.target_header);
  std::string prefix = p.target_prefix + ".";
  std::string operation;
  if (target != request.headers.end() && target->second.starts_with(prefix))
    operation = target->second.substr(prefix.size());
  if (!Spec::get().operation(operation) && engine_.mutant() == Mutant::unknown_target_wrong_error)
    return protocol_error(p.client_error_status, "SerializationException", "no such operation");
  if (!Spec::get().operation(operation))
    return protocol_error(p.client_error_status, "UnknownOperationException",
                          p.protocol_errors.at("UnknownOperationException") + ": '" +
                              (target == request.headers.end() ? "" : target->second) + "'");

  if (rates_ && !rates_->try_acquire(operation))
    return protocol_error(p.retry.throttled_status, p.retry.throttled_type,
                          p.retry.throttled_message);

  auto content_type = request.headers.find("Content-Type");
  bool any_type = engine_.mutant() == Mutant::any_request_content_type;
  if (!any_type && (content_type == request.headers.end() ||
                    !media_type_is(content_type->second, p.content_type)))
    return protocol_error(p.client_error_status, "UnsupportedMediaTypeException",
                          p.protocol_errors.at("UnsupportedMediaTypeException"));

  // Without an authenticator, signed and unsigned requests are both served; a signature is not
  // verified (the reference knows no secret keys), but a malformed one is refused as AWS does.
  auto authorization = request.headers.find("Authorization");
  if (!authenticator_ && authorization != request.headers.end()) {
    std::string why;
    auto parsed_auth = sigv4::parse_authorization(authorization->second, &why);
    if (!parsed_auth)
      return protocol_error(p.client_error_status, "IncompleteSignatureException",
                            p.protocol_errors.at("IncompleteSignatureException") + ": " + why);
    if (parsed_auth->service != p.signing_name)
      return protocol_error(
          p.client_error_status, "InvalidSignatureException",
          "Credential should be scoped to correct service: '" + p.signing_name + "'.");
  }

  const Operation& op = *Spec::get().operation(operation);
  // An empty body is an empty request, as botocore sends "{}" and some clients send nothing.
  auto parsed = aws_json::parse_in_place(
      request.body.empty() ? std::string_view("{}") : std::string_view(request.body),
      p.max_json_depth, blob_members(op.input));
  if (auto* bad = std::get_if<aws_json::ParseError>(&parsed)) {
    if (bad->number_out_of_range && engine_.mutant() == Mutant::big_number_wrong_error)
      return failure(Error{"InvalidLayerPartException", bad->reason, {}});
    if (bad->number_out_of_range)  // a well-formed number of the wrong type (VAL-TYPES)
      return failure(Error{"InvalidParameterException", "Invalid parameter: " + bad->reason, {}});
    if (engine_.mutant() == Mutant::malformed_json_wrong_error)
      return failure(Error{"InvalidParameterException", bad->reason, {}});
    return protocol_error(p.client_error_status, "SerializationException", bad->reason);
  }
  const aws_json::InPlace& in_place = std::get<aws_json::InPlace>(parsed);
  const json& body = in_place.value;
  if (!body.is_object() && engine_.mutant() == Mutant::malformed_json_wrong_error)
    return failure(Error{"InvalidParameterException", "the body is not an object", {}});
  if (!body.is_object())
    return protocol_error(p.client_error_status, "SerializationException",
                          "the body is JSON but not an object");

  Decoded blobs;
  Staged staged;
  if (blob) staged["layerPartBlob"] = static_cast<std::size_t>(blob->size());
  if (auto bad = validate(op.input, body, &blobs, tolerated_by(engine_.mutant()), &in_place.views,
                          &staged))
    return failure(Error{"InvalidParameterException", bad->message(), json::object()});
  if (engine_.mutant() == Mutant::unknown_member_refused)
    if (std::string extra = unknown_member(op.input, body); !extra.empty())
      return failure(Error{"InvalidParameterException", "Unknown member " + extra, {}});
  try {
    return dispatch(operation, body, blobs, blob);
  } catch (const std::exception& e) {
    // Only a fault of the reference itself lands here: it is a ServerException.
    return failure(Error{"ServerException", e.what(), json::object()});
  }
}

HttpResponse Handler::dispatch(const std::string& operation, const json& body, const Decoded& blobs,
                               const StagedPart* staged_blob) {
  auto answer = [this](auto&& outcome, auto&& to_json) {
    if (auto* e = std::get_if<Error>(&outcome)) return failure(*e);
    return success(to_json(std::get<0>(outcome)));
  };
  const RepositoryRef repo = repository_of(body);
  const std::string upload_id = member_or<std::string>(body, "uploadId", "");

  if (operation == "UploadLayerPart") {
    auto blob = blobs.find("layerPartBlob");
    Part part{repo,
              upload_id,
              member_or<std::int64_t>(body, "partFirstByte", 0),
              member_or<std::int64_t>(body, "partLastByte", 0),
              blob == blobs.end() ? std::string_view() : std::string_view(blob->second),
              staged_blob};
    return answer(engine_.upload_layer_part(part), [](const PartAccepted& a) {
      json out = {{"repositoryName", a.repository_name},
                  {"uploadId", a.upload_id},
                  {"lastByteReceived", a.last_byte_received}};
      if (!a.registry_id.empty()) out["registryId"] = a.registry_id;
      return out;
    });
  }
  if (operation == "InitiateLayerUpload")
    return answer(engine_.initiate_layer_upload(repo), [](const Initiated& i) {
      return json{{"uploadId", i.upload_id}, {"partSize", i.part_size}};
    });
  if (operation == "CompleteLayerUpload")
    return answer(engine_.complete_layer_upload(repo, upload_id, strings_of(body, "layerDigests")),
                  [](const Completed& c) {
                    return json{{"registryId", c.registry_id},
                                {"repositoryName", c.repository_name},
                                {"uploadId", c.upload_id},
                                {"layerDigest", c.layer_digest}};
                  });
  if (operation == "BatchCheckLayerAvailability")
    return answer(engine_.batch_check_layer_availability(repo, strings_of(body, "layerDigests")),
                  [](const json& j) { return j; });
  if (operation == "CreateRepository")
    return answer(engine_.create_repository(repo), [](const json& j) {
      return json{{"repository", j}};
    });
  if (operation == "DeleteRepository")
    return answer(engine_.delete_repository(repo, member_or<bool>(body, "force", false)),
                  [](const json& j) {
                    return json{{"repository", j}};
                  });
  return failure(Error{"ServerException", "no handler for " + operation, json::object()});
}

}  // namespace ulp::reference
