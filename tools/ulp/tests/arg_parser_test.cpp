// The argparse grammar and messages ulp shares with the aws CLI.
#include "tools/ulp/arg_parser.hpp"

#include <gtest/gtest.h>

#include "tools/ulp/cli_error.hpp"

namespace ulp::cli {
namespace {

ArgParser sample() {
  ArgParser p;
  p.add(OptionSpec::named("--repository-name").needed());
  p.add(OptionSpec::named("--registry-id"));
  p.add(OptionSpec::named("--part-first-byte").integer().needed());
  p.add(OptionSpec::named("--layer-digests").takes(Arity::kAny));
  p.add(OptionSpec::named("--generate-cli-skeleton")
            .takes(Arity::kOptional)
            .one_of({"input", "output", "yaml-input"})
            .bare_value("input"));
  p.add(OptionSpec::named("--force").flag("force", "true"));
  p.add(OptionSpec::named("--no-force").flag("force", "false"));
  return p;
}

std::string error_of(const ArgParser& p, const std::vector<std::string>& args) {
  try {
    p.parse_known(args);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(ArgParser, ReadsValuesListsFlagsAndOptionalValues) {
  auto a =
      sample().parse_known({"--repository-name", "r", "--part-first-byte", "-1", "--layer-digests",
                            "a", "b", "--no-force", "--generate-cli-skeleton"});
  EXPECT_EQ(a.one("--repository-name"), "r");
  EXPECT_EQ(a.one("--part-first-byte"), "-1");  // a negative number is a value
  EXPECT_EQ(a.values.at("--layer-digests"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(a.one("force"), "false");
  EXPECT_EQ(a.one("--generate-cli-skeleton"), "input");
  EXPECT_TRUE(a.extras.empty());
}

TEST(ArgParser, AcceptsAbbreviationsAndEqualsSigns) {
  auto a = sample().parse_known({"--repository-n=r", "--part-f", "7"});
  EXPECT_EQ(a.one("--repository-name"), "r");
  EXPECT_EQ(a.one("--part-first-byte"), "7");
  EXPECT_EQ(error_of(sample(), {"--re", "x", "--part-first-byte", "1"}),
            "ambiguous option: --re could match --repository-name, --registry-id");
}

TEST(ArgParser, ReportsAsArgparseDoes) {
  EXPECT_EQ(error_of(sample(), {"--repository-name", "r"}),
            "the following arguments are required: --part-first-byte");
  EXPECT_EQ(error_of(sample(), {"--repository-name", "r", "--part-first-byte", "x"}),
            "argument --part-first-byte: invalid int value: 'x'");
  EXPECT_EQ(error_of(sample(), {"--repository-name", "--part-first-byte", "1"}),
            "argument --repository-name: expected one argument");
  EXPECT_EQ(error_of(sample(), {"--force=1"}), "argument --force: ignored explicit argument '1'");
}

TEST(ArgParser, HandsBackWhatItDoesNotKnow) {
  auto a = sample().parse_known(
      {"--repository-name", "r", "--part-first-byte", "1", "--bogus", "value"});
  EXPECT_EQ(a.extras, (std::vector<std::string>{"--bogus", "value"}));
}

TEST(ArgParser, ListsChoicesTwoALineAndSuggestsCloseOnes) {
  const std::string msg = invalid_choice_message("josn", {"json", "text", "table"});
  EXPECT_EQ(msg,
            "Invalid choice, valid choices are:\n\n"
            "json                                     | text                                    \n"
            "table                                   ");
  EXPECT_EQ(close_matches("upload-layer-par", {"upload-layer-part", "initiate-layer-upload"}),
            std::vector<std::string>{"upload-layer-part"});
}

TEST(ArgParser, ParsesIntegersAsPythonDoes) {
  EXPECT_EQ(parse_python_int(" 1_000 "), 1000);
  EXPECT_EQ(parse_python_int("+7"), 7);
  EXPECT_EQ(parse_python_int("007"), 7);
  EXPECT_FALSE(parse_python_int("1__0"));
  EXPECT_FALSE(parse_python_int("0x10"));
  EXPECT_FALSE(parse_python_int("1.0"));
  bool overflow = false;
  EXPECT_FALSE(parse_python_int("99999999999999999999", &overflow));
  EXPECT_TRUE(overflow);
}

}  // namespace
}  // namespace ulp::cli
