// Output formats against what the aws CLI v2's own formatters print for the same value
// (the expected strings were printed by awscli.formatter and awscli.text on this machine).
#include <gtest/gtest.h>

#include "tools/ulp/output.hpp"
#include "tools/ulp/python_json.hpp"
#include "tools/ulp/yaml_writer.hpp"

namespace ulp::cli {
namespace {

using nlohmann::ordered_json;

ordered_json sample() {
  return ordered_json::parse(R"({
    "layers": [
      {"layerDigest": "sha256:aa", "layerAvailability": "AVAILABLE", "layerSize": 300,
       "mediaType": "application/vnd.oci.image.layer.v1.tar"},
      {"layerDigest": "sha256:bb", "layerAvailability": "UNAVAILABLE", "layerSize": 5}],
    "failures": [{"layerDigest": "sha256:cc", "failureCode": "MissingLayerDigest",
                  "failureReason": "The digest is not in this repository: \u00e9"}],
    "flag": true, "ratio": 1.5, "none": null, "tags": ["a", "b"]})");
}

TEST(Formats, TableAsTheCliDrawsIt) {
  EXPECT_EQ(format_table("BatchCheckLayerAvailability", sample(), false, 80),
            "--------------------------------------------------------------------------------------"
            "---------\n"
            "|                                 BatchCheckLayerAvailability                         "
            "        |\n"
            "+------------------------------------------------+------------------------------------"
            "--------+\n"
            "|  flag                                          |  True                              "
            "        |\n"
            "|  none                                          |  None                              "
            "        |\n"
            "|  ratio                                         |  1.5                               "
            "        |\n"
            "+------------------------------------------------+------------------------------------"
            "--------+\n"
            "||                                         failures                                   "
            "       ||\n"
            "|+------------------------+-----------------------------------------------------------"
            "-------+|\n"
            "||  failureCode           |  MissingLayerDigest                                       "
            "       ||\n"
            "||  failureReason         |  The digest is not in this repository: \u00e9             "
            "           ||\n"
            "||  layerDigest           |  sha256:cc                                                "
            "       ||\n"
            "|+------------------------+-----------------------------------------------------------"
            "-------+|\n"
            "||                                          layers                                    "
            "       ||\n"
            "|+-------------------+--------------+------------+------------------------------------"
            "-------+|\n"
            "|| layerAvailability | layerDigest  | layerSize  |                 mediaType          "
            "       ||\n"
            "|+-------------------+--------------+------------+------------------------------------"
            "-------+|\n"
            "||  AVAILABLE        |  sha256:aa   |  300       |  "
            "application/vnd.oci.image.layer.v1.tar   ||\n"
            "||  UNAVAILABLE      |  sha256:bb   |  5         |                                    "
            "       ||\n"
            "|+-------------------+--------------+------------+------------------------------------"
            "-------+|\n"
            "||                                           tags                                     "
            "       ||\n"
            "|+------------------------------------------------------------------------------------"
            "-------+|\n"
            "||  a                                                                                 "
            "       ||\n"
            "||  b                                                                                 "
            "       ||\n"
            "|+------------------------------------------------------------------------------------"
            "-------+|\n");
}

TEST(Formats, ColoredTableResetsAfterEveryWrite) {
  // colorama's autoreset, as the CLI's stdout has it under --color on.
  const std::string t = format_table("Op", ordered_json{{"a", "x"}, {"b", 1}}, true, 80);
  EXPECT_EQ(
      t,
      "------------\n\x1b[0m\x1b[0m|    Op    |\x1b[0m\x1b[0m\n\x1b[0m\x1b[0m+----+-----+\x1b[0m"
      "\x1b[0m\n\x1b[0m\x1b[0m|  a |  b  |\x1b[0m\x1b[0m\n\x1b[0m\x1b[0m+----+-----+\x1b[0m\x1b[0m"
      "\n\x1b[0m\x1b[0m|  \x1b[1m\x1b[34mx\x1b[0m |  \x1b[1m\x1b[34m1\x1b[0m  |\x1b[0m\x1b[0m\n"
      "\x1b[0m\x1b[0m+----+-----+\x1b[0m\x1b[0m\n\x1b[0m");
}

TEST(Formats, TableOfNothingIsNothing) {
  EXPECT_EQ(format_table("Op", nullptr, false, 80), "");
  EXPECT_EQ(format_table("Op", 0, false, 80), "");
  EXPECT_EQ(format_table("Op", ordered_json::object(), false, 80), "");
}

TEST(Formats, WideTableTurnsVertical) {
  ordered_json wide = ordered_json::object();
  for (const char* k : {"alpha", "beta", "gamma", "delta"}) wide[k] = std::string(20, 'x');
  const std::string t = format_table("Op", wide, false, 80);
  EXPECT_NE(t.find("|  alpha |  xxxxxxxxxxxxxxxxxxxx  |"), std::string::npos) << t;
}

TEST(Formats, Text) {
  EXPECT_EQ(
      format_text(sample()),
      "True\tNone\t1.5\n"
      "FAILURES\tMissingLayerDigest\tThe digest is not in this repository: \u00e9\tsha256:cc\n"
      "LAYERS\tAVAILABLE\tsha256:aa\t300\tapplication/vnd.oci.image.layer.v1.tar\n"
      "LAYERS\tUNAVAILABLE\tsha256:bb\t5\t\n"
      "TAGS\ta\nTAGS\tb\n");
  EXPECT_EQ(format_text(nullptr), "None\n");
}

TEST(Formats, Yaml) {
  EXPECT_EQ(to_yaml(sample()),
            "failures:\n- failureCode: MissingLayerDigest\n"
            "  failureReason: 'The digest is not in this repository: \u00e9'\n"
            "  layerDigest: sha256:cc\nflag: true\nlayers:\n- layerAvailability: AVAILABLE\n"
            "  layerDigest: sha256:aa\n  layerSize: 300\n"
            "  mediaType: application/vnd.oci.image.layer.v1.tar\n"
            "- layerAvailability: UNAVAILABLE\n  layerDigest: sha256:bb\n  layerSize: 5\n"
            "none: null\nratio: 1.5\ntags:\n- a\n- b\n");
}

TEST(Formats, YamlQuotesWhatWouldReadBackAsAnotherType) {
  // ruamel.yaml's choices on this machine (YAML 1.2 resolvers, libyaml's emitter).
  ordered_json v = {{"a", "123"},        {"b", "yes"}, {"c", "true"},  {"d", ""},
                    {"e", "null"},       {"f", "1e3"}, {"g", "12:30"}, {"h", "a: b"},
                    {"i", "2001-01-01"}, {"j", "x #y"}};
  EXPECT_EQ(to_yaml(v),
            "a: '123'\nb: yes\nc: 'true'\nd: ''\ne: 'null'\nf: '1e3'\ng: 12:30\nh: 'a: b'\n"
            "i: '2001-01-01'\nj: 'x #y'\n");
}

TEST(Formats, OutputPicksTheFormatAndAppliesTheQuery) {
  OutputStyle style;
  EXPECT_EQ(format_output("Op", ordered_json::object(), style), "");
  style.format = "yaml";
  EXPECT_EQ(format_output("Op", "text", style), "\"text\"\n");  // scalars as JSON
  style.format = "yaml-stream";
  EXPECT_EQ(format_output("Op", ordered_json{{"a", 1}}, style), "- a: 1\n");
  auto query = JmesPath::compile("tags");
  style.query = &query;
  style.format = "text";
  EXPECT_EQ(format_output("Op", sample(), style), "a\tb\n");
}

TEST(Formats, JsonAsPythonWritesIt) {
  ordered_json v =
      ordered_json::parse(R"({"b": [], "a": {}, "f": 1.0, "g": 1e20, "s": "\u00e9\n"})");
  EXPECT_EQ(python_json(v, false),
            "{\n    \"b\": [],\n    \"a\": {},\n    \"f\": 1.0,\n    \"g\": 1e+20,\n"
            "    \"s\": \"\u00e9\\n\"\n}\n");
  EXPECT_EQ(python_json(ordered_json("\u00e9"), true), "\"\\u00e9\"\n");
}

}  // namespace
}  // namespace ulp::cli
