// Reproduction lines: the CLI form for what the CLI can send, curl for the rest.
#include "core/reproduction.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "core/base64.hpp"

namespace ulp {
namespace {

ReproductionOptions options() {
  ReproductionOptions o;
  o.target_arguments = " --endpoint-url http://127.0.0.1:5000";
  o.endpoint_url = "http://127.0.0.1:5000";
  o.blob_dir = std::filesystem::temp_directory_path() / "ulp-reproduction-test";
  return o;
}

TEST(Reproduction, TheSeedsRequestBecomesAnUlpLineWithTheBlobInAFile) {
  auto line =
      reproduction_line(Request::of("UploadLayerPart", {{"repositoryName", "layer-test"},
                                                        {"uploadId", "6cb64b8a-9378"},
                                                        {"partFirstByte", 0},
                                                        {"partLastByte", 2},
                                                        {"layerPartBlob", base64::encode("abc")}}),
                        options());
  EXPECT_TRUE(line.starts_with("ulp upload-layer-part --endpoint-url http://127.0.0.1:5000 "))
      << line;
  EXPECT_NE(line.find("--repository-name layer-test"), std::string::npos) << line;
  EXPECT_NE(line.find("--part-first-byte 0"), std::string::npos) << line;
  auto at = line.find("fileb://");
  ASSERT_NE(at, std::string::npos) << line;
  std::ifstream in(line.substr(at + 8, line.find(' ', at) - at - 8), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(bytes, "abc");
}

TEST(Reproduction, ListsBooleansAndQuoting) {
  auto line = reproduction_line(
      Request::of("CompleteLayerUpload",
                  {{"repositoryName", "it's"}, {"layerDigests", {"sha256:ab", "sha256:cd"}}}),
      options());
  EXPECT_NE(line.find("--repository-name 'it'\\''s'"), std::string::npos) << line;
  EXPECT_NE(line.find("--layer-digests sha256:ab sha256:cd"), std::string::npos) << line;
  line = reproduction_line(
      Request::of("DeleteRepository", {{"repositoryName", "r"}, {"force", true}}), options());
  EXPECT_NE(line.find(" --force"), std::string::npos) << line;
}

TEST(Reproduction, WhatTheCliCannotSendBecomesCurl) {
  Request wrong_type = Request::of("UploadLayerPart", {{"partFirstByte", "zero"}});
  Request unknown_member = Request::of("UploadLayerPart", {{"surprise", 1}});
  Request malformed;
  malformed.operation = "UploadLayerPart";
  malformed.body = "{not json";
  Request odd_header = Request::of("InitiateLayerUpload", {{"repositoryName", "r"}});
  odd_header.omit_headers = {"Content-Type"};
  for (const Request* r : {&wrong_type, &unknown_member, &malformed, &odd_header}) {
    auto line = reproduction_line(*r, options());
    EXPECT_TRUE(line.starts_with("curl -sS -X POST http://127.0.0.1:5000 ")) << line;
    EXPECT_NE(line.find("--data-binary @"), std::string::npos) << line;
  }
}

}  // namespace
}  // namespace ulp
