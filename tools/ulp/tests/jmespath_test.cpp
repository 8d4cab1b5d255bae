// The JMESPath subset: results as jmespath.py gives them, and refusals that say why.
#include "tools/ulp/jmespath.hpp"

#include <gtest/gtest.h>

namespace ulp::cli {
namespace {

using nlohmann::ordered_json;

ordered_json data() {
  return ordered_json::parse(R"({"layers": [{"d": "a", "n": 1}, {"d": "b"}, {"n": 3}],
                                 "m": {"x": {"v": 1}, "y": {"v": 2}, "z": 5},
                                 "nested": [[1, 2], [3], 4], "weird key": 7})");
}

ordered_json q(const std::string& e) {
  return JmesPath::compile(e).search(data());
}

TEST(JmesPath, IdentifiersAndSubExpressions) {
  EXPECT_EQ(q("m.x.v"), 1);
  EXPECT_EQ(q("\"weird key\""), 7);
  EXPECT_EQ(q("m.nothing.v"), nullptr);
  EXPECT_EQ(q("@.m.z"), 5);
}

TEST(JmesPath, IndexesAndSlices) {
  EXPECT_EQ(q("layers[0].d"), "a");
  EXPECT_EQ(q("layers[-1].n"), 3);
  EXPECT_EQ(q("layers[5]"), nullptr);
  EXPECT_EQ(q("nested[0][1]"), 2);
  EXPECT_EQ(q("layers[1:].n"), ordered_json::array({3}));
  EXPECT_EQ(q("nested[::-1][0]"), ordered_json::array({3, 1}));  // a slice projects
  EXPECT_EQ(q("nested[::-1] | [0]"), 4);
  EXPECT_EQ(q("layers[:2].d"), ordered_json::array({"a", "b"}));
}

TEST(JmesPath, ProjectionsDropNullsAndStopAtPipes) {
  EXPECT_EQ(q("layers[*].d"), ordered_json::array({"a", "b"}));
  EXPECT_EQ(q("m.*.v"), ordered_json::array({1, 2}));
  EXPECT_EQ(q("nested[]"), ordered_json::array({1, 2, 3, 4}));
  EXPECT_EQ(q("layers[*].d | [0]"), "a");
  EXPECT_EQ(q("layers[*].d[0]"), ordered_json::array());  // [0] applies to each string
}

TEST(JmesPath, MultiSelects) {
  EXPECT_EQ(q("[m.z, layers[0].d]"), ordered_json::array({5, "a"}));
  EXPECT_EQ(q("layers[*].[d, n]"), ordered_json::parse(R"([["a", 1], ["b", null], [null, 3]])"));
  const auto hash = q("{first: layers[0].d, z: m.z}");
  EXPECT_EQ(hash.dump(), R"({"first":"a","z":5})");  // in the order written
  EXPECT_EQ(q("nothing.{a: b}"), nullptr);
}

TEST(JmesPath, SyntaxErrorsReadAsJmespathPys) {
  auto error = [](const std::string& e) {
    try {
      JmesPath::compile(e);
    } catch (const JmesPathError& x) {
      return std::string(x.what());
    }
    return std::string();
  };
  EXPECT_EQ(error("a["), "Invalid jmespath expression: Incomplete expression:\n\"a[\"\n   ^");
  EXPECT_EQ(error("a b"),
            "Unexpected token: b: Parse error at column 2, token \"b\" (UNQUOTED_IDENTIFIER), "
            "for expression:\n\"a b\"\n   ^");
  EXPECT_EQ(error("{a}"),
            "Expecting: colon, got: rbrace: Parse error at column 2, token \"}\" (RBRACE), for "
            "expression:\n\"{a}\"\n   ^");
  EXPECT_EQ(error("#"), "Bad jmespath expression: Unknown token #:\n#\n^");
}

TEST(JmesPath, RefusesWhatItDoesNotImplement) {
  for (const char* e : {"layers[?d == 'a']", "length(layers)", "a || b", "`1`", "!a", "&a"})
    EXPECT_THROW(
        {
          try {
            JmesPath::compile(e);
          } catch (const JmesPathError& x) {
            EXPECT_NE(std::string(x.what()).find("not supported"), std::string::npos) << e;
            throw;
          }
        },
        JmesPathError)
        << e;
}

}  // namespace
}  // namespace ulp::cli
