// The AWS JSON 1.1 codec: request bodies in and out, error types out of responses.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/headers.hpp"

namespace ulp::aws_json {

struct ParseError {
  std::string reason;
  bool number_out_of_range = false;  // a number beyond 64 bits: a type error, not a syntax error
};

// Parses a body of up to tens of megabytes quickly (simdjson), refusing nesting deeper
// than max_depth, into the nlohmann::json the rest of the suite works with.
std::variant<nlohmann::json, ParseError> parse(std::string_view body, int max_depth);

// A body parsed with some of its strings left where they are: for each top-level member
// named in parse_in_place's `in_place` whose string was not copied, `views` holds its text
// inside the body (valid as long as the body is) and `value` holds "" in its place.
struct InPlace {
  nlohmann::json value;
  std::map<std::string, std::string_view> views;
};

// As parse(), with the same verdict and the same value for every body, but without copying
// the strings of the members named in `in_place` (a part's 28 MB of base64). A body that is
// one flat object of printable ASCII strings without escapes, integers, booleans and nulls
// (what clients send) is read here directly; any other goes through parse(), and then its
// strings are all in `value`.
std::variant<InPlace, ParseError> parse_in_place(std::string_view body, int max_depth,
                                                 const std::vector<std::string>& in_place);

// How many leading characters of `s` can stand inside a JSON string as they are: printable
// ASCII other than '"' and '\\' (vectorized: a part's base64 passes here).
std::size_t plain_prefix(std::string_view s);

// fields serialized, with `"member":"<base64>"` spliced in: base64 needs no JSON escaping,
// and serializing a 28 MB string character by character would dominate an upload.
std::string with_blob(const nlohmann::json& fields, std::string_view member,
                      std::string_view base64);

// "com.amazonaws.ecr#UploadNotFoundException" or "UploadNotFoundException:http://..."
// -> "UploadNotFoundException".
std::string strip_namespace(std::string_view type);

// The error named by a response: the body's __type, else the X-Amzn-ErrorType header.
std::string error_type(const nlohmann::json* body, const Headers& headers);

}  // namespace ulp::aws_json
