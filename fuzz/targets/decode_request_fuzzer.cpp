// fuzz_decode_<operation>: a request body of one operation (ULP_FUZZ_OPERATION) through the
// reference's decoding (aws_json::parse_in_place, then validate against the input shape).
// Oracles: the in-place reader agrees with the plain parser, as it promises; a refused body
// gets a reason; a valid request, encoded again as a client encodes it (aws_json::with_blob,
// base64::encode), decodes to the same value. Planted bug (ULP_FUZZ_MUTANT):
// in-place-drops-a-member.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/aws_json.hpp"
#include "core/base64.hpp"
#include "core/spec.hpp"
#include "core/validate.hpp"
#include "fuzz/support/fuzz_check.hpp"
#include "fuzz/support/planted_bug.hpp"

#ifndef ULP_FUZZ_OPERATION
#error "ULP_FUZZ_OPERATION names the operation whose requests this target decodes"
#endif

using nlohmann::json;

namespace {

const ulp::fuzz::PlantedBug kBug{"in-place-drops-a-member",
                                 "aws_json::parse_in_place loses the first member of an object"};
bool planted = false;

struct Decoding {
  const ulp::Operation& operation = *ulp::Spec::get().operation(ULP_FUZZ_OPERATION);
  std::vector<std::string> blob_members;
  int max_depth = ulp::Spec::get().protocol.max_json_depth;

  Decoding() {
    const ulp::Spec& spec = ulp::Spec::get();
    for (const auto& [member, shape] : spec.shape(operation.input).members)
      if (spec.shape(shape).type == "blob") blob_members.push_back(member);
  }
};

const Decoding& decoding() {
  static const Decoding d;
  return d;
}

// The value parse_in_place stands for: its views put back in place.
json with_views(const ulp::aws_json::InPlace& in_place) {
  json value = in_place.value;
  for (const auto& [member, text] : in_place.views) value[member] = std::string(text);
  return value;
}

// A valid request as a client sends it: blobs re-encoded from their bytes, the last spliced
// in as HttpTarget does.
std::string encode(const json& value, const ulp::Decoded& blobs) {
  json fields = value;
  std::string spliced_member, spliced_base64;
  for (const auto& [member, bytes] : blobs) {
    if (spliced_member.empty()) {
      spliced_member = member;
      spliced_base64 = ulp::base64::encode(bytes);
      fields.erase(member);
    } else {
      fields[member] = ulp::base64::encode(bytes);
    }
  }
  if (spliced_member.empty()) return fields.dump();
  return ulp::aws_json::with_blob(fields, spliced_member, spliced_base64);
}

// Equal requests: the same members, blobs compared by their bytes (base64 texts with other
// unused bits decode alike).
void check_same_request(const json& a, const ulp::Decoded& a_blobs, const json& b,
                        const ulp::Decoded& b_blobs) {
  ULP_FUZZ_CHECK(a_blobs == b_blobs, "blobs differ after encoding and decoding again");
  json a_fields = a, b_fields = b;
  for (const auto& [member, bytes] : a_blobs) a_fields.erase(member), b_fields.erase(member);
  ULP_FUZZ_CHECK(a_fields == b_fields, "members differ after encoding and decoding again:\n  "
                                           << a_fields.dump() << "\n  " << b_fields.dump());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  planted = ulp::fuzz::planted_bug_active("fuzz_decode_" ULP_FUZZ_OPERATION, kBug);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Decoding& d = decoding();
  const std::string_view body(reinterpret_cast<const char*>(data), size);

  auto in_place = ulp::aws_json::parse_in_place(body, d.max_depth, d.blob_members);
  if (auto* read = std::get_if<ulp::aws_json::InPlace>(&in_place);
      planted && read && read->value.is_object() && !read->value.empty())
    read->value.erase(read->value.begin());
  auto plain = ulp::aws_json::parse(body, d.max_depth);
  const auto* in_place_error = std::get_if<ulp::aws_json::ParseError>(&in_place);
  const auto* plain_error = std::get_if<ulp::aws_json::ParseError>(&plain);
  ULP_FUZZ_CHECK(!in_place_error == !plain_error,
                 "parse_in_place " << (in_place_error ? "refuses" : "accepts") << " what parse "
                                   << (plain_error ? "refuses" : "accepts"));
  if (plain_error) {
    ULP_FUZZ_CHECK(!plain_error->reason.empty(), "a refused body gets no reason");
    ULP_FUZZ_CHECK(in_place_error->number_out_of_range == plain_error->number_out_of_range,
                   "parse_in_place and parse disagree on the kind of error");
    return 0;
  }
  const auto& read = std::get<ulp::aws_json::InPlace>(in_place);
  const json& value = std::get<json>(plain);
  ULP_FUZZ_CHECK(with_views(read) == value,
                 "parse_in_place reads " << with_views(read).dump() << ", parse " << value.dump());
  if (!value.is_object()) return 0;  // SerializationException

  ulp::Decoded blobs, plain_blobs;
  auto invalid = ulp::validate(d.operation.input, read.value, &blobs, {}, &read.views);
  auto plain_invalid = ulp::validate(d.operation.input, value, &plain_blobs);
  ULP_FUZZ_CHECK(
      !invalid == !plain_invalid && (!invalid || invalid->message() == plain_invalid->message()),
      "validation depends on how the body was read: "
          << (invalid ? invalid->message() : "valid") << " / "
          << (plain_invalid ? plain_invalid->message() : "valid"));
  if (invalid) {
    ULP_FUZZ_CHECK(!invalid->field.empty() && !invalid->constraint.empty(),
                   "a refusal without a field or a reason: " << invalid->message());
    return 0;
  }
  ULP_FUZZ_CHECK(blobs == plain_blobs, "decoded blobs depend on how the body was read");

  const std::string encoded = encode(value, blobs);
  auto again = ulp::aws_json::parse_in_place(encoded, d.max_depth, d.blob_members);
  const auto* reread = std::get_if<ulp::aws_json::InPlace>(&again);
  ULP_FUZZ_CHECK(reread, "a valid request, encoded again, does not parse: " << encoded);
  ulp::Decoded again_blobs;
  auto again_invalid =
      ulp::validate(d.operation.input, reread->value, &again_blobs, {}, &reread->views);
  ULP_FUZZ_CHECK(!again_invalid, "a valid request, encoded again, is refused: "
                                     << again_invalid->message() << "\n  " << encoded);
  check_same_request(value, blobs, with_views(*reread), again_blobs);
  return 0;
}
