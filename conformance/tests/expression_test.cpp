#include "conformance/expression.hpp"

#include <gtest/gtest.h>

namespace ulp::conformance {
namespace {

class Fixed : public Environment {
 public:
  nlohmann::json name(const std::string& n) override {
    if (n == "maxPartBytes") return 64;
    if (n == "uploadId") return "abc";
    throw ExpressionError("unknown " + n);
  }
  nlohmann::json call(const std::string& f, const std::vector<NodePtr>& args) override {
    if (f == "twice") return 2 * evaluate_integer(*args[0], *this);
    throw ExpressionError("unknown " + f);
  }
};

TEST(Expression, ArithmeticOverLimits) {
  Fixed env;
  EXPECT_EQ(evaluate(*parse_expression("maxPartBytes+1"), env), 65);
  EXPECT_EQ(evaluate(*parse_expression("2*maxPartBytes - 1"), env), 127);
  EXPECT_EQ(evaluate(*parse_expression("-(3+4)*2"), env), -14);
  EXPECT_EQ(evaluate(*parse_expression("twice(maxPartBytes)"), env), 128);
}

TEST(Expression, AWholeTemplateKeepsItsTypeAndTextIsInterpolated) {
  Fixed env;
  EXPECT_EQ(evaluate_template("${maxPartBytes}", env), 64);
  EXPECT_EQ(evaluate_template("${uploadId}", env), "abc");
  EXPECT_EQ(evaluate_template("id=${uploadId}, n=${maxPartBytes-4}", env), "id=abc, n=60");
  EXPECT_EQ(evaluate_template("no expression", env), "no expression");
}

TEST(Expression, ErrorsSayWhereAndWhat) {
  Fixed env;
  EXPECT_THROW(parse_expression("1 +"), ExpressionError);
  EXPECT_THROW(parse_expression("(1"), ExpressionError);
  EXPECT_THROW(parse_template("${open"), ExpressionError);
  EXPECT_THROW(evaluate(*parse_expression("9223372036854775807+1"), env), ExpressionError);
  EXPECT_THROW(evaluate(*parse_expression("'a'+1"), env), ExpressionError);
  try {
    parse_expression("maxPartBytes + ?");
    FAIL();
  } catch (const ExpressionError& e) {
    EXPECT_NE(std::string(e.what()).find("at 16"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ulp::conformance
