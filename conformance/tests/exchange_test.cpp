// Reports show the wire, never the secrets, and stay readable whatever the bytes were.
#include "conformance/exchange.hpp"

#include <gtest/gtest.h>

#include "conformance/json_schema.hpp"
#include "conformance/matcher.hpp"

namespace ulp::conformance {
namespace {

TEST(Exchange, SignatureAndSessionTokenAreMasked) {
  std::string auth =
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20150830/us-east-1/ecr/aws4_request, "
      "SignedHeaders=content-type;host;x-amz-date, "
      "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
  std::string masked = mask_header("authorization", auth);
  EXPECT_EQ(masked.find("5d672d79"), std::string::npos) << masked;
  EXPECT_EQ(masked.find("IOSFODNN7EXAMPLE"), std::string::npos) << masked;
  EXPECT_NE(masked.find("Signature=****"), std::string::npos) << masked;
  EXPECT_NE(masked.find("SignedHeaders=content-type;host;x-amz-date"), std::string::npos);
  EXPECT_EQ(mask_header("X-Amz-Security-Token", "FwoGZXIvYXdzE"), "****(13 characters, masked)");
  EXPECT_EQ(mask_header("Content-Type", "text/html"), "text/html");
}

TEST(Exchange, BlobsAreAbbreviatedAndBytesMadePrintable) {
  std::string body =
      "{\"uploadId\":\"x\",\"layerPartBlob\":\"" + std::string(28000000, 'A') + "\"}";
  std::string shown = abbreviate_body(body);
  EXPECT_LT(shown.size(), 300u);
  EXPECT_NE(shown.find("...(28000000 characters)"), std::string::npos) << shown;
  EXPECT_NE(shown.find("\"uploadId\":\"x\""), std::string::npos);
  EXPECT_EQ(printable(std::string("a\xff\x01\xc3\xa9", 5)), "a\\xff\\x01\xc3\xa9");
  EXPECT_NE(abbreviate_body(std::string(100000, '<')).find("(the body has 100000 bytes in all)"),
            std::string::npos);
}

TEST(Matcher, MemberPaths) {
  auto j = nlohmann::json::parse(R"({"layers":[{"layerSize":3}],"a":{"b":null}})");
  ASSERT_NE(member_at(j, "layers[0].layerSize"), nullptr);
  EXPECT_EQ(*member_at(j, "layers[0].layerSize"), 3);
  EXPECT_EQ(member_at(j, "layers[1].layerSize"), nullptr);
  EXPECT_EQ(member_at(j, "a.b"), nullptr);  // null is absent, as in AWS JSON
  EXPECT_EQ(member_at(j, "nope"), nullptr);
}

TEST(JsonSchema, TypoSuggestions) {
  EXPECT_EQ(did_you_mean("UploadLayerParts", {"UploadLayerPart", "CompleteLayerUpload"}),
            "UploadLayerPart");
  EXPECT_EQ(did_you_mean("zzz", {"UploadLayerPart"}), "");
}

}  // namespace
}  // namespace ulp::conformance
