// The machine-readable spec (spec/*.json) as typed C++ values.
//
//   const ulp::Spec& spec = ulp::Spec::get();
//   const ulp::Shape& s = spec.shape("RepositoryName");   // min 2, max 256, pattern
//   spec.protocol.target_prefix;                          // AmazonEC2ContainerRegistry_V20150921
//
// Code reads limits, patterns and error names from here instead of repeating them.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/pattern.hpp"

namespace ulp {

// One shape of the ECR model (spec/model.json), as botocore describes it.
struct Shape {
  std::string name;
  std::string type;  // structure, string, long, integer, boolean, blob, list, timestamp
  std::optional<std::int64_t> min, max;
  std::string pattern;                                       // whole-value match
  std::shared_ptr<const Pattern> regex;                      // null when there is none
  std::vector<std::string> enum_values;                      //
  std::vector<std::pair<std::string, std::string>> members;  // member -> shape, sorted by name
  std::vector<std::string> required;                         //
  std::string member;                                        // list item shape
  bool exception = false, fault = false;

  const std::string* member_shape(const std::string& member_name) const;
  bool is_required(const std::string& member_name) const;
};

struct Operation {
  std::string name, input, output;
  std::vector<std::string> errors;
};

struct Requirement {
  std::string id, level, category, operation, statement, reference;
  std::vector<std::string> sources;
};

// How a registry refuses a request that fails authentication: one entry per reason
// (sigv4::Refusal), with ECR's error type and message template ({detail}, {service},
// {requestTime}, {earliest}, {latest}, {now}, {skewMinutes}).
struct AuthRefusal {
  std::string type, message;
};
// A way of signing a request wrongly on purpose (core/spoiled_signing.hpp): the requirement
// it tests and the refusal (a key of Authentication::refusals) ECR answers it with.
struct SpoiledSigning {
  std::string requirement, refusal;
};
struct Authentication {
  std::int64_t max_skew_seconds = 0;
  std::string signed_requirement;  // the rule a request signed as usual and refused breaks
  std::string errors_requirement;  // the rule a refusal's type and status break
  std::map<std::string, AuthRefusal> refusals;      // "missing", "mismatch", ...
  std::map<std::string, SpoiledSigning> spoilings;  // "wrong-secret", "body-altered", ...

  // Whether `error_type` is one of the refusals: the request was refused for its signature.
  bool refuses_with(const std::string& error_type) const;
};

// Which answers are worth sending a request again for, and how (spec/protocol.json "retry").
struct RetryRules {
  int max_attempts = 0;  // sends in all, the first included
  double max_backoff_seconds = 0;
  std::set<std::string> throttling_errors, transient_errors;
  std::set<int> throttling_statuses, transient_statuses;
  std::set<int> graded_statuses;  // transient to botocore, an answer to the suite: never retried
  int throttled_status = 0;       // the answer beyond a rate: ECR's
  std::string throttled_type, throttled_message;
};

struct Protocol {
  std::string content_type, target_header, target_prefix, signing_name, request_id_header,
      error_type_header, error_type_field;
  int client_error_status = 400, server_error_status = 500;
  std::size_t body_overhead_bytes = 0;  // what a request may carry besides its blob
  int max_json_depth = 0;
  std::map<std::string, std::string> protocol_errors;  // name -> what it means
  std::map<std::string, std::string> messages;         // error -> documented message
  Authentication authentication;
  RetryRules retry;
};

// Limits of a registry: spec/profiles/*.json.
struct Profile {
  std::string name;
  std::int64_t min_part_bytes = 0, max_part_bytes = 0, part_size = 0, max_parts_per_layer = 0,
               max_layer_bytes = 0, upload_lifetime_seconds = 0,
               max_open_uploads_per_repository = 0;
  std::string registry_id, region;
  // Requests per second each operation may be sent at; an operation not named has no limit.
  std::map<std::string, double> requests_per_second;

  // "ecr", "ecr-public", "small", or a path to a JSON file of the same form.
  static Profile load(const std::string& name_or_path);
};

class Spec {
 public:
  static const Spec& get();  // the spec compiled into this binary

  Protocol protocol;
  std::map<std::string, Operation> operations;
  std::map<std::string, Shape> shapes;
  nlohmann::json model_metadata;
  // spec/model.json in its own order (operations, shapes and members as written), for what
  // follows botocore's iteration order (the ulp command).
  nlohmann::ordered_json model;

  // spec/requirements.json, read on first use: the ulp command never needs it.
  const std::vector<Requirement>& requirements() const;

  const Shape& shape(const std::string& name) const;  // throws std::out_of_range
  const Operation* operation(const std::string& name) const;
  const Requirement* requirement(const std::string& id) const;
  std::string message(const std::string& error) const;  // documented message, or the name
  // Largest request body any operation can take: the largest blob in base64 plus overhead.
  std::size_t max_body_bytes(std::int64_t max_blob_bytes) const;

 private:
  Spec();
  mutable std::once_flag requirements_read_;
  mutable std::vector<Requirement> requirements_;
};

// Parses spec/<name> as compiled in; throws std::runtime_error naming the file.
nlohmann::json embedded_json(const std::string& name);

}  // namespace ulp
