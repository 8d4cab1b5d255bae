// The smaller pieces: Python-compatible base64, shorthand, number text, names, skeletons,
// validation messages, files, YAML input, response shaping and the progress line.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "tools/ulp/call_parameters.hpp"
#include "tools/ulp/cli_error.hpp"
#include "tools/ulp/command_table.hpp"
#include "tools/ulp/lenient_base64.hpp"
#include "tools/ulp/param_file.hpp"
#include "tools/ulp/param_validation.hpp"
#include "tools/ulp/progress_bar.hpp"
#include "tools/ulp/python_text.hpp"
#include "tools/ulp/response_shape.hpp"
#include "tools/ulp/shorthand.hpp"
#include "tools/ulp/skeleton.hpp"
#include "tools/ulp/wire_body.hpp"
#include "tools/ulp/yaml_reader.hpp"

namespace ulp::cli {
namespace {

using nlohmann::ordered_json;

TEST(LenientBase64, DecodesAsPythonsB64decode) {
  // Each expectation is what base64.b64decode() returns or refuses.
  EXPECT_EQ(python_b64decode("aGVsbG8="), "hello");
  EXPECT_EQ(python_b64decode("a GV sbG8="), "hello");  // non-alphabet characters skipped
  EXPECT_EQ(python_b64decode("aGk=aGk="), "hi");       // the data ends at the padding
  EXPECT_EQ(python_b64decode("aGVsbA==x"), "hell");
  EXPECT_EQ(python_b64decode(" \naGk=\n"), "hi");
  EXPECT_EQ(python_b64decode("YQ=="), "a");
  for (const char* bad : {"aGVsbG8", "not base64!", "hello world", "YQ", "YQ=", "Y==="})
    EXPECT_FALSE(python_b64decode(bad)) << bad;
}

TEST(Shorthand, ParsesAndTypesByTheModel) {
  ordered_json v = parse_shorthand("scanOnPush=true");
  type_by_shape(v, Spec::get().shape("ImageScanningConfiguration"));
  EXPECT_EQ(v, ordered_json({{"scanOnPush", true}}));
  v = parse_shorthand("encryptionType=KMS,kmsKey='arn:a,b'");
  EXPECT_EQ(v, ordered_json({{"encryptionType", "KMS"}, {"kmsKey", "arn:a,b"}}));
  EXPECT_EQ(parse_shorthand("a=b,c"), ordered_json({{"a", ordered_json::array({"b", "c"})}}));
  EXPECT_EQ(parse_shorthand("a=[x,y],b={c=d}"),
            ordered_json::parse(R"({"a": ["x", "y"], "b": {"c": "d"}})"));
  try {
    parse_shorthand("Key");
    FAIL();
  } catch (const ShorthandError& e) {
    EXPECT_EQ(std::string(e.what()), "Expected: '=', received: 'EOF' for input:\nKey\n   ^");
  }
}

TEST(Parameters, StructureAndListOptionsFromTheLine) {
  const Command& c = *CommandTable::get().find("create-repository");
  ParsedArgs a;
  a.values["--repository-name"] = {"repo"};
  a.values["--tags"] = {"Key=team,Value=ecr", "Key=env,Value=test"};
  a.values["--image-scanning-configuration"] = {"scanOnPush=false"};
  a.values["--encryption-configuration"] = {R"({"encryptionType": "AES256"})"};
  CallParameters p = parameters_from_options(c, a);
  EXPECT_EQ(p.values.dump(),
            R"({"repositoryName":"repo","tags":[{"Key":"team","Value":"ecr"},{"Key":"env",)"
            R"("Value":"test"}],"imageScanningConfiguration":{"scanOnPush":false},)"
            R"("encryptionConfiguration":{"encryptionType":"AES256"}})");
}

TEST(PythonText, FloatsAndReprs) {
  EXPECT_EQ(python_float(1.0), "1.0");
  EXPECT_EQ(python_float(1.5), "1.5");
  EXPECT_EQ(python_float(1e16), "1e+16");
  EXPECT_EQ(python_float(1e15), "1000000000000000.0");
  EXPECT_EQ(python_float(0.0001), "0.0001");
  EXPECT_EQ(python_float(0.00001), "1e-05");
  EXPECT_EQ(python_repr("x"), "'x'");
  EXPECT_EQ(python_repr("it's"), "\"it's\"");
  EXPECT_EQ(python_str(ordered_json::parse(R"({"a": [1, true, null, "s"]})")),
            "{'a': [1, True, None, 's']}");
}

TEST(CommandTable, NamesComeFromTheModel) {
  EXPECT_EQ(xform_name("UploadLayerPart"), "upload-layer-part");
  EXPECT_EQ(xform_name("partFirstByte"), "part-first-byte");
  EXPECT_EQ(xform_name("ListARNs"), "list-arns");
  const Command& c = *CommandTable::get().find("upload-layer-part");
  std::vector<std::string> options;
  for (const auto& m : c.members) options.push_back(m.option + (m.required ? "!" : ""));
  EXPECT_EQ(options, (std::vector<std::string>{"--registry-id", "--repository-name!",
                                               "--upload-id!", "--part-first-byte!",
                                               "--part-last-byte!", "--layer-part-blob!"}));
}

TEST(Skeletons, YamlInputCommentsEveryMember) {
  EXPECT_EQ(yaml_input_skeleton(Spec::get().shape("CompleteLayerUploadRequest")),
            "registryId: ''  # The Amazon Web Services account ID associated with the registry "
            "to which to upload layers.\n"
            "repositoryName: '' # [REQUIRED] The name of the repository to associate with the "
            "image layer.\n"
            "uploadId: '' # [REQUIRED] The upload ID from a previous InitiateLayerUpload "
            "operation to associate with the image layer.\n"
            "layerDigests: # [REQUIRED] The sha256 digest of the image layer.\n- ''\n");
  EXPECT_EQ(output_skeleton(Spec::get().shape("InitiateLayerUploadResponse")).dump(),
            R"({"uploadId":"uploadId","partSize":0})");
}

TEST(Validation, ReportsAsBotocoreDoes) {
  CallParameters p;
  p.values = ordered_json::parse(
      R"({"repositoryName": "l", "partFirstByte": -1, "partLastByte": "2", "bogus": 1})");
  EXPECT_EQ(validate_parameters(p, Spec::get().shape("UploadLayerPartRequest")),
            (std::vector<std::string>{
                "Missing required parameter in input: \"uploadId\"",
                "Missing required parameter in input: \"layerPartBlob\"",
                "Unknown parameter in input: \"bogus\", must be one of: registryId, "
                "repositoryName, uploadId, partFirstByte, partLastByte, layerPartBlob",
                "Invalid length for parameter repositoryName, value: 1, valid min length: 2",
                "Invalid value for parameter partFirstByte, value: -1, valid min value: 0",
                "Invalid type for parameter partLastByte, value: 2, type: <class 'str'>, valid "
                "types: <class 'int'>"}));
}

TEST(WireBody, BlobsAreDecodedOnceAndSentAsBase64) {
  CallParameters p;
  p.values = ordered_json{{"repositoryName", "r"}, {"layerPartBlob", "aGV sbG8="}};
  const Shape& input = Spec::get().shape("UploadLayerPartRequest");
  decode_blobs(p, input, "base64");
  EXPECT_EQ(wire_body(p, input), R"({"repositoryName":"r","layerPartBlob":"aGVsbG8="})");
  CallParameters raw;
  raw.values = ordered_json{{"layerPartBlob", "hello"}};
  decode_blobs(raw, input, "raw-in-base64-out");
  EXPECT_EQ(wire_body(raw, input), R"({"layerPartBlob":"aGVsbG8="})");
  CallParameters bad;
  bad.values = ordered_json{{"layerPartBlob", "hello world"}};
  try {
    decode_blobs(bad, input, "base64");
    FAIL();
  } catch (const CliError& e) {
    EXPECT_EQ(e.exit_code(), kOther);
    EXPECT_EQ(std::string(e.what()), "Invalid base64: \"hello world\"");
  }
}

TEST(ParamFile, LoadsBytesAndTextAndSaysWhyNot) {
  const std::string path = ::testing::TempDir() + "ulp-param-file";
  std::ofstream(path, std::ios::binary) << "a\r\nb";
  EXPECT_EQ(load_param_file("fileb://" + path, "--x")->content, "a\r\nb");
  EXPECT_EQ(load_param_file("file://" + path, "--x")->content, "a\nb");
  EXPECT_FALSE(load_param_file("plain", "--x"));
  try {
    load_param_file("fileb:///nonexistent/x", "--layer-part-blob");
    FAIL();
  } catch (const CliError& e) {
    EXPECT_EQ(e.exit_code(), kUsage);
    EXPECT_EQ(std::string(e.what()),
              "Error parsing parameter '--layer-part-blob': Unable to load paramfile "
              "fileb:///nonexistent/x: [Errno 2] No such file or directory: '/nonexistent/x'");
  }
}

TEST(YamlReader, TypesPlainScalarsAndKeepsBinary) {
  auto doc = read_yaml("a: 12\nb: '12'\nc: true\nd: ~\ne: 1.5\nf: !!binary aGk=\ng: [x, y]\n");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->value.dump(),
            R"({"a":12,"b":"12","c":true,"d":null,"e":1.5,"f":"<binary>","g":["x","y"]})");
  EXPECT_EQ(doc->binary.at("f"), "hi");
  EXPECT_FALSE(read_yaml("a: ["));
  EXPECT_FALSE(read_yaml("a: 1\na: 2\n"));  // duplicate keys, as ruamel refuses them
}

TEST(ResponseShape, ModelOrderNoUnknownsIsoTimes) {
  ::setenv("TZ", "UTC", 1);
  ::tzset();
  auto body = ordered_json::parse(
      R"({"repository": {"repositoryName": "r", "createdAt": 1700000000.25, "extra": 1,
          "registryId": "123456789012", "repositoryUri": null}})");
  EXPECT_EQ(shape_response(body, Spec::get().shape("CreateRepositoryResponse")).dump(),
            R"({"repository":{"registryId":"123456789012","repositoryName":"r",)"
            R"("createdAt":"2023-11-14T22:13:20.250000+00:00"}})");
}

TEST(ProgressBar, Renders) {
  EXPECT_EQ(ProgressBar::render(512 * 1024, 1024 * 1024, 0.5),
            "[###############...............]  50%  0.5/1.0 MiB  1.0 MiB/s");
}

TEST(ProgressBar, ANoteNarrowsTheBarBeforeItIsCut) {
  const std::string note = "resumed at byte 10485760";
  EXPECT_EQ(ProgressBar::render(512 * 1024, 1024 * 1024, 0.5, note),
            "[###############...............]  50%  0.5/1.0 MiB  1.0 MiB/s  " + note);
  // 79 columns: room for the widest numbers and the note; the bar takes what is left.
  EXPECT_EQ(ProgressBar::render(512 * 1024, 1024 * 1024, 0.5, note, 79),
            "[#######.......]  50%  0.5/1.0 MiB  1.0 MiB/s  " + note);
  // The bar keeps its size while the numbers grow.
  EXPECT_EQ(ProgressBar::render(10240ULL << 20, 10240ULL << 20, 0.5, note, 79).find(']'),
            ProgressBar::render(0, 10240ULL << 20, 0.5, note, 79).find(']'));
  // Ten cells at least; past them the line is cut at the width.
  EXPECT_EQ(ProgressBar::render(512 * 1024, 1024 * 1024, 0.5, note, 50),
            "[#####.....]  50%  0.5/1.0 MiB  1.0 MiB/s  resumed");
}

}  // namespace
}  // namespace ulp::cli
