// A broken fixture is a clear error naming the file and the field; the real fixtures load.
#include <gtest/gtest.h>

#include <fstream>

#include "conformance/fixture.hpp"

namespace ulp::conformance {
namespace {

JsonSchema schema() {
  std::ifstream in(ULP_SOURCE_DIR "/spec/fixture.schema.json");
  return JsonSchema(nlohmann::json::parse(in));
}

TEST(FixtureLoader, TheSuitesFixturesLoadWithoutError) {
  Fixtures f = load_fixtures({ULP_SOURCE_DIR "/fixtures/conformance"}, schema());
  for (const auto& e : f.errors) ADD_FAILURE() << e.text();
  EXPECT_GT(f.cases.size(), 50u);
}

// A valid fixture, to break one field at a time.
const char* kValid = R"({
  "id": "broken",
  "title": "t",
  "requirements": ["ULP-RANGE-GAP"],
  "blobs": { "a": { "size": 10 } },
  "steps": [
    { "op": "InitiateLayerUpload", "request": { "repositoryName": "${repositoryName}" },
      "requirement": "ILU-RESP-UPLOAD-ID", "expect": { "success": true },
      "save": { "uploadId": "uploadId" } },
    { "op": "UploadLayerPart", "requirement": "ULP-RANGE-GAP",
      "request": { "repositoryName": "${repositoryName}", "uploadId": "${uploadId}",
                   "partFirstByte": 0, "partLastByte": "${size(a)-1}",
                   "layerPartBlob": { "$blob": "a" } },
      "expect": { "error": "InvalidLayerPartException", "body": { "uploadId": "${uploadId}" } } }
  ]
})";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

struct Broken {
  std::string what, from, to, field, message;
};

// Test output names a broken fixture by what is broken.
void PrintTo(const Broken& b, std::ostream* os) {
  *os << b.what;
}

class EachBrokenFixture : public ::testing::TestWithParam<Broken> {};

TEST_P(EachBrokenFixture, IsAnErrorNamingTheFileAndTheField) {
  const Broken& b = GetParam();
  Fixtures f;
  load_fixture("fixtures/x/broken.json", replaced(kValid, b.from, b.to), schema(), f);
  ASSERT_EQ(f.errors.size(), 1u) << b.what << ": " << f.errors[0].text() << " / "
                                 << f.errors.back().text();
  const LoadError& e = f.errors[0];
  EXPECT_EQ(e.file, "fixtures/x/broken.json");
  EXPECT_EQ(e.field, b.field) << e.text();
  EXPECT_NE(e.message.find(b.message), std::string::npos) << e.text();
  EXPECT_TRUE(f.cases.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, EachBrokenFixture,
    ::testing::Values(
        Broken{"bad JSON", "\"title\": \"t\",", "\"title\": \"t\"", "line 4, column 16",
               "not valid JSON"},
        Broken{"no title", "\"title\": \"t\",", "", "", "the field \"title\" is missing"},
        Broken{"misspelt field", "\"title\"", "\"titel\"", "titel", "did you mean \"title\"?"},
        Broken{"unknown requirement", "ULP-RANGE-GAP", "ULP-RANGE-GAPP", "requirements[0]",
               "did you mean \"ULP-RANGE-GAP\"?"},
        Broken{"unknown operation", "\"UploadLayerPart\"", "\"UploadLayerParts\"", "steps[1].op",
               "did you mean \"UploadLayerPart\"?"},
        Broken{"misspelt error", "InvalidLayerPartException", "InvalidLayerPartExeption",
               "steps[1].expect.error", "did you mean \"InvalidLayerPartException\"?"},
        Broken{"unknown name", "${size(a)-1}", "${maxPartByte-1}", "steps[1].request.partLastByte",
               "did you mean \"maxPartBytes\"?"},
        Broken{"unknown blob", "${size(a)-1}", "${size(b)-1}", "steps[1].request.partLastByte",
               "'b' is none"},
        Broken{"bad expression", "${size(a)-1}", "${size(a)-}", "steps[1].request.partLastByte",
               "an expression is missing"},
        Broken{"saved too late", "\"uploadId\": \"${uploadId}\",", "\"uploadId\": \"${later}\",",
               "steps[1].request.uploadId", "unknown name 'later'"},
        Broken{"blob size of a wrong type", "\"size\": 10", "\"size\": true", "blobs.a.size",
               "must be integer or string"},
        Broken{"misspelt matcher", "\"body\": { \"uploadId\": \"${uploadId}\" }",
               "\"body\": { \"uploadId\": { \"patern\": \"x\" } }",
               "steps[1].expect.body.uploadId.patern", "did you mean \"pattern\"?"},
        Broken{"id other than the file name", "\"id\": \"broken\"", "\"id\": \"fixed\"", "id",
               "differs from the file name broken.json"},
        Broken{"requirement without a check", "[\"ULP-RANGE-GAP\"]",
               "[\"ULP-RANGE-GAP\", \"ULP-RANGE-OVERLAP\"]", "requirements[1]",
               "no expectation checks it"},
        Broken{"expectation without a requirement",
               "\"op\": \"UploadLayerPart\", \"requirement\": \"ULP-RANGE-GAP\",",
               "\"op\": \"UploadLayerPart\",", "steps[1].expect",
               "an expectation with a \"requirement\""},
        Broken{"expectation naming an unknown requirement", "\"expect\": { \"error\"",
               "\"expect\": { \"requirement\": \"ULP-RANGE-GAPS\", \"error\"",
               "steps[1].expect.requirement", "did you mean \"ULP-RANGE-GAP\"?"}),
    [](const auto& info) {
      std::string name = info.param.what;
      for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      return name;
    });

TEST(FixtureLoader, AForEachCaseExpandsIntoOneCasePerValue) {
  Fixtures f;
  std::string text = replaced(kValid, "\"blobs\"",
                              "\"forEach\": { \"var\": \"member\", \"values\": { \"requiredOf\": "
                              "\"UploadLayerPartRequest\" } },\n  \"blobs\"");
  load_fixture("broken.json", text, schema(), f);
  ASSERT_TRUE(f.errors.empty()) << f.errors[0].text();
  ASSERT_EQ(f.cases.size(), 5u);
  EXPECT_EQ(f.cases[0].id, "broken/repositoryName");
  EXPECT_EQ(f.cases[4].id, "broken/layerPartBlob");
  EXPECT_EQ(f.cases[4].variables.at("member"), "layerPartBlob");
}

}  // namespace
}  // namespace ulp::conformance
