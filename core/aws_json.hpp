// The AWS JSON 1.1 codec: request bodies in and out, error types out of responses.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

namespace ulp::aws_json {

struct ParseError {
  std::string reason;
  bool number_out_of_range = false;  // a number beyond 64 bits: a type error, not a syntax error
};

// Parses a body of up to tens of megabytes quickly (simdjson), refusing nesting deeper
// than max_depth, into the nlohmann::json the rest of the suite works with.
std::variant<nlohmann::json, ParseError> parse(std::string_view body, int max_depth);

// fields serialized, with `"member":"<base64>"` spliced in: base64 needs no JSON escaping,
// and serializing a 28 MB string character by character would dominate an upload.
std::string with_blob(const nlohmann::json& fields, std::string_view member,
                      std::string_view base64);

// "com.amazonaws.ecr#UploadNotFoundException" or "UploadNotFoundException:http://..."
// -> "UploadNotFoundException".
std::string strip_namespace(std::string_view type);

// The error named by a response: the body's __type, else the X-Amzn-ErrorType header.
std::string error_type(const nlohmann::json* body, const httplib::Headers& headers);

}  // namespace ulp::aws_json
