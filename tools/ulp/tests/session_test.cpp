// Settings resolved as the aws CLI v2 resolves them, over files and variables set up here
// (ulp::aws_config::profile_setting and profile_exists are the core additions it rests on).
#include "tools/ulp/session.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tools/ulp/cli_error.hpp"

namespace ulp::cli {
namespace {

class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = std::filesystem::path(::testing::TempDir()) / "ulp-session-test";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "config") << "[default]\nregion = eu-west-1\noutput = table\n"
                                  << "cli_binary_format = raw-in-base64-out\n"
                                  << "[profile other]\nregion = us-west-2\n"
                                  << "endpoint_url = http://127.0.0.1:9\n"
                                  << "cli_timestamp_format = epoch\n";
    std::ofstream(dir / "credentials") << "[default]\naws_access_key_id = AKID\n"
                                       << "aws_secret_access_key = SECRET\n";
    env.vars["AWS_CONFIG_FILE"] = (dir / "config").string();
    env.vars["AWS_SHARED_CREDENTIALS_FILE"] = (dir / "credentials").string();
  }
  Session session(GlobalOptions o = {}) const { return Session(o, env); }

  std::filesystem::path dir;
  aws_config::Environment env;
};

TEST_F(SessionTest, ReadsTheProfile) {
  ::unsetenv("AWS_DEFAULT_OUTPUT");
  EXPECT_EQ(session().region(), "eu-west-1");
  EXPECT_EQ(session().output_format(), "table");
  EXPECT_EQ(session().binary_format(), "raw-in-base64-out");
  EXPECT_EQ(session().endpoint_url("eu-west-1"), "https://api.ecr.eu-west-1.amazonaws.com");
  EXPECT_EQ(session().credentials()->access_key_id, "AKID");
}

TEST_F(SessionTest, TheLineWinsOverTheProfile) {
  GlobalOptions o;
  o.output = "yaml";
  o.region = "ap-south-1";
  o.binary_format = "base64";
  o.sign_request = false;
  EXPECT_EQ(session(o).output_format(), "yaml");
  EXPECT_EQ(session(o).region(), "ap-south-1");
  EXPECT_EQ(session(o).binary_format(), "base64");
  EXPECT_FALSE(session(o).credentials());
}

TEST_F(SessionTest, NamedProfiles) {
  GlobalOptions o;
  o.profile = "other";
  EXPECT_EQ(session(o).region(), "us-west-2");
  EXPECT_EQ(session(o).endpoint_url("us-west-2"), "http://127.0.0.1:9");
  try {
    session(o).timestamp_format();
    FAIL();
  } catch (const CliError& e) {
    EXPECT_EQ(e.exit_code(), kConfiguration);
  }
  o.profile = "missing";
  try {
    session(o).check_profile();
    FAIL();
  } catch (const CliError& e) {
    EXPECT_EQ(e.exit_code(), kOther);
    EXPECT_EQ(std::string(e.what()), "The config profile (missing) could not be found");
  }
}

TEST_F(SessionTest, NoRegionAndNoCredentialsAreConfigurationErrors) {
  aws_config::Environment empty;
  empty.vars["AWS_CONFIG_FILE"] = (dir / "none").string();
  empty.vars["AWS_SHARED_CREDENTIALS_FILE"] = (dir / "none").string();
  Session s({}, empty);
  for (auto call :
       {+[](const Session& x) { x.region(); }, +[](const Session& x) { x.credentials(); }}) {
    try {
      call(s);
      FAIL();
    } catch (const CliError& e) {
      EXPECT_EQ(e.exit_code(), kConfiguration);
    }
  }
}

}  // namespace
}  // namespace ulp::cli
