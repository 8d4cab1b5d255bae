// Validation against the model: each kind of constraint, and base64 blobs.
#include "core/validate.hpp"

#include <gtest/gtest.h>

#include "core/base64.hpp"
#include "core/spec.hpp"

namespace ulp {
namespace {

using nlohmann::json;

json valid_part() {
  return {{"repositoryName", "layer-test"},
          {"uploadId", "6cb64b8a-9378-0e33-2ab1-b780fab8a9e9"},
          {"partFirstByte", 0},
          {"partLastByte", 2},
          {"layerPartBlob", base64::encode("abc")}};
}

std::string field_of(const json& body) {
  auto bad = validate("UploadLayerPartRequest", body);
  return bad ? bad->field + ": " + bad->constraint : "";
}

TEST(Validate, AcceptsTheSeedsRequestAndDecodesTheBlob) {
  Decoded blobs;
  EXPECT_FALSE(validate("UploadLayerPartRequest", valid_part(), &blobs));
  EXPECT_EQ(blobs.at("layerPartBlob"), "abc");
}

TEST(Validate, EachRequiredMemberMissingOrNull) {
  for (const auto& member : Spec::get().shape("UploadLayerPartRequest").required) {
    json body = valid_part();
    body.erase(member);
    EXPECT_EQ(field_of(body), member + ": Member must not be null");
    body[member] = nullptr;
    EXPECT_EQ(field_of(body), member + ": Member must not be null");
  }
}

TEST(Validate, PatternsLengthsAndRanges) {
  auto with = [](const char* member, json value) {
    json body = valid_part();
    body[member] = std::move(value);
    return field_of(body);
  };
  EXPECT_NE(with("repositoryName", "a"), "");
  EXPECT_NE(with("repositoryName", std::string(257, 'a')), "");
  EXPECT_EQ(with("repositoryName", std::string(256, 'a')), "");
  EXPECT_NE(with("repositoryName", "Upper"), "");
  EXPECT_EQ(with("repositoryName", "a/b-c.d_e"), "");
  EXPECT_NE(with("uploadId", "not-a-uuid"), "");
  EXPECT_NE(with("registryId", "12345678901"), "");
  EXPECT_EQ(with("registryId", "123456789012"), "");
  EXPECT_NE(with("partFirstByte", -1), "");
  EXPECT_NE(with("partFirstByte", "0"), "");
  EXPECT_NE(with("partFirstByte", 1.5), "");
  EXPECT_NE(with("partLastByte", 9223372036854775808ull), "");
  EXPECT_EQ(with("partLastByte", 9223372036854775807ll), "");
  EXPECT_NE(with("layerPartBlob", "YWJj="), "");
  EXPECT_NE(with("layerPartBlob", "YW*j"), "");
  EXPECT_NE(with("layerPartBlob", 5), "");
  EXPECT_EQ(with("unknownMember", 5), "");
}

TEST(Validate, ToleratedFailuresLetValidationGoOn) {
  json body = valid_part();
  body["repositoryName"] = "UPPER";
  body["uploadId"] = "bad";
  auto pattern = [](const Invalid& bad) {
    return bad.constraint.starts_with("Member must satisfy regular expression pattern");
  };
  EXPECT_FALSE(validate("UploadLayerPartRequest", body, nullptr, pattern));
  body["partFirstByte"] = -1;
  auto bad = validate("UploadLayerPartRequest", body, nullptr, pattern);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->field, "partFirstByte");
}

TEST(Validate, DigestLists) {
  json body = {{"repositoryName", "r1"},
               {"uploadId", "6cb64b8a-9378-0e33-2ab1-b780fab8a9e9"},
               {"layerDigests", json::array()}};
  EXPECT_TRUE(validate("CompleteLayerUploadRequest", body));
  body["layerDigests"] = json::array({"sha256:abc"});
  EXPECT_FALSE(validate("CompleteLayerUploadRequest", body));
  body["layerDigests"] = json::array({"sha256:xyz"});
  EXPECT_TRUE(validate("CompleteLayerUploadRequest", body));
  body["layerDigests"] = json(std::vector<std::string>(101, "sha256:ab"));
  EXPECT_TRUE(validate("CompleteLayerUploadRequest", body));
}

TEST(Base64, RoundTripsAndRefusesWhatIsNotStrictBase64) {
  for (std::string s : std::vector<std::string>{"", "a", "ab", "abc", "abcd", {"\0\xff\x10", 3}})
    EXPECT_EQ(base64::decode(base64::encode(s)), s);
  for (const char* bad : {"A", "AB", "ABC", "A===", "AB=A", "AB C", "AB\nC", "====", "Zm9v!A=="})
    EXPECT_FALSE(base64::decode(bad)) << bad;
  EXPECT_EQ(base64::decode("Zm9vYg=="), "foob");
  EXPECT_EQ(base64::decoded_size("Zm9vYg=="), 4u);
}

TEST(SpecTest, LimitsComeFromTheModel) {
  const Spec& spec = Spec::get();
  EXPECT_EQ(*spec.shape("LayerPartBlob").max, 20971520);
  EXPECT_EQ(spec.protocol.target_prefix, spec.model_metadata["targetPrefix"]);
  EXPECT_EQ(Profile::load("ecr").max_part_bytes, 20971520);
  for (const auto& r : spec.requirements()) {
    EXPECT_TRUE(r.level == "MUST" || r.level == "SHOULD" || r.level == "PROBE") << r.id;
    EXPECT_EQ(r.level == "PROBE", !r.reference.empty()) << r.id;
  }
}

}  // namespace
}  // namespace ulp
