#include "core/credentials.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>  // mkdtemp, setenv

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace ulp::aws_config {
namespace {

namespace fs = std::filesystem;

// A throwaway HOME with an .aws directory; the environment points only at it.
class AwsConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char name[] = "/tmp/aws-config-test-XXXXXX";
    ASSERT_NE(mkdtemp(name), nullptr);
    home_ = name;
    fs::create_directories(home_ / ".aws");
    env_.vars["HOME"] = home_.string();
  }
  void TearDown() override { fs::remove_all(home_); }

  void write(const fs::path& relative, const std::string& text) {
    fs::create_directories((home_ / relative).parent_path());
    std::ofstream(home_ / relative, std::ios::binary) << text;
  }
  void config(const std::string& text) { write(".aws/config", text); }
  void credentials(const std::string& text) { write(".aws/credentials", text); }

  std::optional<Resolved> resolve(const std::optional<std::string>& profile = std::nullopt) {
    why_.clear();
    return resolve_credentials(env_, profile, &why_);
  }

  fs::path home_;
  Environment env_;
  std::string why_;
};

TEST_F(AwsConfigTest, NothingConfiguredExplainsWhatWasLookedAt) {
  fs::remove_all(home_ / ".aws");
  EXPECT_FALSE(resolve().has_value());
  EXPECT_NE(why_.find("Unable to locate credentials for profile default"), std::string::npos)
      << why_;
  EXPECT_NE(why_.find("AWS_ACCESS_KEY_ID is not set"), std::string::npos) << why_;
  EXPECT_NE(why_.find((home_ / ".aws/credentials").string() + " does not exist"), std::string::npos)
      << why_;
  EXPECT_NE(why_.find((home_ / ".aws/config").string() + " does not exist"), std::string::npos)
      << why_;
  EXPECT_FALSE(resolve_region(env_, std::nullopt, std::nullopt).has_value());
  EXPECT_FALSE(resolve_endpoint_url(env_, std::nullopt, std::nullopt).has_value());
}

TEST_F(AwsConfigTest, EnvironmentKeys) {
  env_.vars["AWS_ACCESS_KEY_ID"] = "AKIDENV";
  env_.vars["AWS_SECRET_ACCESS_KEY"] = "secret-env";
  env_.vars["AWS_SESSION_TOKEN"] = "token-env";
  credentials("[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n");
  const auto resolved = resolve();
  ASSERT_TRUE(resolved) << why_;
  EXPECT_EQ(resolved->source, "environment");
  EXPECT_EQ(resolved->credentials.access_key_id, "AKIDENV");
  EXPECT_EQ(resolved->credentials.secret_access_key, "secret-env");
  EXPECT_EQ(resolved->credentials.session_token, "token-env");
}

TEST_F(AwsConfigTest, EnvironmentKeysWinOverAwsProfile) {
  // As in botocore: only --profile turns the environment keys off, AWS_PROFILE does not.
  env_.vars["AWS_ACCESS_KEY_ID"] = "AKIDENV";
  env_.vars["AWS_SECRET_ACCESS_KEY"] = "secret-env";
  env_.vars["AWS_PROFILE"] = "other";
  credentials("[other]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n");
  const auto resolved = resolve();
  ASSERT_TRUE(resolved) << why_;
  EXPECT_EQ(resolved->source, "environment");
  EXPECT_EQ(resolved->credentials.session_token, "");
}

TEST_F(AwsConfigTest, EnvironmentKeysDoNotHideAMissingAwsProfileOrABrokenFile) {
  // botocore reads the files first, so the aws CLI stops on these even with keys in the env.
  env_.vars["AWS_ACCESS_KEY_ID"] = "AKIDENV";
  env_.vars["AWS_SECRET_ACCESS_KEY"] = "secret-env";
  env_.vars["AWS_PROFILE"] = "nope";
  EXPECT_FALSE(resolve().has_value());
  EXPECT_NE(why_.find("The config profile (nope) could not be found"), std::string::npos) << why_;

  env_.vars.erase("AWS_PROFILE");
  config("[default]\n[default]\n");
  EXPECT_FALSE(resolve().has_value());
  EXPECT_NE(why_.find("Unable to parse config file"), std::string::npos) << why_;
}

TEST_F(AwsConfigTest, PartialEnvironmentKeysAreAnError) {
  env_.vars["AWS_ACCESS_KEY_ID"] = "AKIDENV";
  credentials("[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n");
  EXPECT_FALSE(resolve().has_value());
  EXPECT_NE(why_.find("missing: AWS_SECRET_ACCESS_KEY"), std::string::npos) << why_;
}

TEST_F(AwsConfigTest, EmptyEnvironmentValuesCountAsUnset) {
  env_.vars["AWS_ACCESS_KEY_ID"] = "";
  env_.vars["AWS_PROFILE"] = "";
  credentials("[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n");
  const auto resolved = resolve();
  ASSERT_TRUE(resolved) << why_;
  EXPECT_EQ(resolved->source, "shared-credentials-file (profile default)");
}

TEST_F(AwsConfigTest, ExplicitProfileIgnoresEnvironmentKeys) {
  env_.vars["AWS_ACCESS_KEY_ID"] = "AKIDENV";
  env_.vars["AWS_SECRET_ACCESS_KEY"] = "secret-env";
  env_.vars["AWS_PROFILE"] = "not-this-one";
  credentials(
      "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = d\n"
      "[ci]\naws_access_key_id = AKIDCI\naws_secret_access_key = c\n"
      "aws_session_token = tok\n");
  const auto resolved = resolve("ci");
  ASSERT_TRUE(resolved) << why_;
  EXPECT_EQ(resolved->source, "shared-credentials-file (profile ci)");
  EXPECT_EQ(resolved->credentials.access_key_id, "AKIDCI");
  EXPECT_EQ(resolved->credentials.secret_access_key, "c");
  EXPECT_EQ(resolved->credentials.session_token, "tok");
}

TEST_F(AwsConfigTest, ExplicitProfileWithoutKeysDoesNotFallBackToEnvironment) {
  env_.vars["AWS_ACCESS_KEY_ID"] = "AKIDENV";
  env_.vars["AWS_SECRET_ACCESS_KEY"] = "secret-env";
  config("[profile ci]\nregion = eu-west-1\n");
  EXPECT_FALSE(resolve("ci").has_value());
  EXPECT_NE(why_.find("not used because a profile was named explicitly"), std::string::npos)
      << why_;
  EXPECT_NE(why_.find("[profile ci] has no aws_access_key_id"), std::string::npos) << why_;
}

TEST_F(AwsConfigTest, MissingNamedProfileIsAnError) {
  credentials("[default]\naws_access_key_id = A\naws_secret_access_key = s\n");
  EXPECT_FALSE(resolve("nope").has_value());
  EXPECT_NE(why_.find("The config profile (nope) could not be found"), std::string::npos) << why_;

  env_.vars["AWS_PROFILE"] = "also-missing";
  EXPECT_FALSE(resolve().has_value());
  EXPECT_NE(why_.find("The config profile (also-missing) could not be found"), std::string::npos)
      << why_;
}

TEST_F(AwsConfigTest, MissingDefaultProfileIsNotFound) {
  credentials("[other]\naws_access_key_id = A\naws_secret_access_key = s\n");
  EXPECT_FALSE(resolve().has_value());
  EXPECT_EQ(why_.find("could not be found"), std::string::npos) << why_;
  EXPECT_NE(why_.find("has no section [default]"), std::string::npos) << why_;
}

TEST_F(AwsConfigTest, CredentialsFileBeforeConfigFile) {
  credentials("[p]\naws_access_key_id = FROMCREDS\naws_secret_access_key = a\n");
  config("[profile p]\naws_access_key_id = FROMCONFIG\naws_secret_access_key = b\n");
  env_.vars["AWS_PROFILE"] = "p";
  auto resolved = resolve();
  ASSERT_TRUE(resolved) << why_;
  EXPECT_EQ(resolved->credentials.access_key_id, "FROMCREDS");

  credentials("[p]\nregion = us-east-2\n");
  resolved = resolve();
  ASSERT_TRUE(resolved) << why_;
  EXPECT_EQ(resolved->credentials.access_key_id, "FROMCONFIG");
  EXPECT_EQ(resolved->source, "config-file (profile p)");
}

TEST_F(AwsConfigTest, ConfigFileDefaultAndProfileSections) {
  config(
      "[default]\naws_access_key_id = D\naws_secret_access_key = d\n"
      "[profile x]\naws_access_key_id = X\naws_secret_access_key = x\n"
      // Without the "profile " prefix a config-file section is not a profile.
      "[y]\naws_access_key_id = Y\naws_secret_access_key = y\n");
  auto resolved = resolve();
  ASSERT_TRUE(resolved) << why_;
  EXPECT_EQ(resolved->source, "config-file (profile default)");
  EXPECT_EQ(resolved->credentials.access_key_id, "D");
  resolved = resolve("x");
  ASSERT_TRUE(resolved) << why_;
  EXPECT_EQ(resolved->credentials.access_key_id, "X");
  EXPECT_FALSE(resolve("y").has_value());
  EXPECT_NE(why_.find("could not be found"), std::string::npos) << why_;
}

TEST_F(AwsConfigTest, ProfileDefaultSectionAlsoNamesTheDefaultProfile) {
  config("[profile default]\naws_access_key_id = PD\naws_secret_access_key = pd\n");
  const auto resolved = resolve();
  ASSERT_TRUE(resolved) << why_;
  EXPECT_EQ(resolved->credentials.access_key_id, "PD");
}

TEST_F(AwsConfigTest, PartialKeysInAFileAreAnError) {
  credentials("[default]\naws_access_key_id = A\n");
  config("[default]\naws_access_key_id = B\naws_secret_access_key = b\n");
  EXPECT_FALSE(resolve().has_value());
  EXPECT_NE(why_.find("Partial credentials found in shared-credentials-file, missing: "
                      "aws_secret_access_key"),
            std::string::npos)
      << why_;
}

TEST_F(AwsConfigTest, LegacySecurityTokenKeyIsRead) {
  credentials(
      "[default]\naws_access_key_id = A\naws_secret_access_key = s\n"
      "aws_security_token = legacy\n");
  const auto resolved = resolve();
  ASSERT_TRUE(resolved) << why_;
  EXPECT_EQ(resolved->credentials.session_token, "legacy");
}

TEST_F(AwsConfigTest, FileLocationsFromEnvironment) {
  write("elsewhere/creds", "[default]\naws_access_key_id = ELSEWHERE\naws_secret_access_key = e\n");
  write("elsewhere/conf", "[profile z]\nregion = ap-south-1\n");
  credentials("[default]\naws_access_key_id = HOME\naws_secret_access_key = h\n");
  env_.vars["AWS_SHARED_CREDENTIALS_FILE"] = "~/elsewhere/creds";
  env_.vars["AWS_CONFIG_FILE"] = "${HOME}/elsewhere/conf";
  const auto resolved = resolve();
  ASSERT_TRUE(resolved) << why_;
  EXPECT_EQ(resolved->credentials.access_key_id, "ELSEWHERE");
  EXPECT_EQ(resolve_region(env_, "z", std::nullopt), "ap-south-1");
}

TEST_F(AwsConfigTest, CommentsWhitespaceAndCase) {
  config(
      "# a comment\n"
      "; another comment\n"
      "\n"
      "   [default]   \n"
      "  # indented comment\n"
      "AWS_ACCESS_KEY_ID=NOSPACES\n"
      "aws_secret_access_key   :   colon separated   \n"
      "region = us-west-2 # not a comment: botocore keeps it\n"
      "\r\n"
      "[profile p]\r\n"
      "region=eu-central-1\r\n");
  const auto resolved = resolve();
  ASSERT_TRUE(resolved) << why_;
  EXPECT_EQ(resolved->credentials.access_key_id, "NOSPACES");
  EXPECT_EQ(resolved->credentials.secret_access_key, "colon separated");
  EXPECT_EQ(resolve_region(env_, std::nullopt, std::nullopt),
            "us-west-2 # not a comment: botocore keeps it");
  EXPECT_EQ(resolve_region(env_, "p", std::nullopt), "eu-central-1");
}

TEST_F(AwsConfigTest, ProfileNamesWithSpaces) {
  config(
      "[profile \"my team\"]\naws_access_key_id = QUOTED\naws_secret_access_key = q\n"
      "[profile 'single quoted']\nregion = sa-east-1\n"
      // Three words after shlex splitting, so botocore ignores this section.
      "[profile not quoted]\naws_access_key_id = IGNORED\naws_secret_access_key = i\n");
  credentials("[with space]\naws_access_key_id = CREDSPACE\naws_secret_access_key = c\n");
  auto resolved = resolve("my team");
  ASSERT_TRUE(resolved) << why_;
  EXPECT_EQ(resolved->credentials.access_key_id, "QUOTED");
  EXPECT_EQ(resolved->source, "config-file (profile my team)");
  resolved = resolve("with space");
  ASSERT_TRUE(resolved) << why_;
  EXPECT_EQ(resolved->credentials.access_key_id, "CREDSPACE");
  EXPECT_EQ(resolve_region(env_, "single quoted", std::nullopt), "sa-east-1");
  EXPECT_FALSE(resolve("not quoted").has_value());
  EXPECT_NE(why_.find("could not be found"), std::string::npos) << why_;
}

TEST_F(AwsConfigTest, NestedBlocksAndContinuationLines) {
  config(
      "[default]\n"
      "s3 =\n"
      "  region = nested-not-the-profile-region\n"
      "\n"
      "  addressing_style = path\n"
      "region = us-east-2\n"
      "endpoint_url = http://127.0.0.1:5000\n");
  EXPECT_EQ(resolve_region(env_, std::nullopt, std::nullopt), "us-east-2");
  EXPECT_EQ(resolve_endpoint_url(env_, std::nullopt, std::nullopt), "http://127.0.0.1:5000");
}

TEST_F(AwsConfigTest, DefaultSectionIsInheritedAsConfigparserDoes) {
  config("[DEFAULT]\nregion = from-DEFAULT\n[profile p]\n[profile q]\nregion = own\n");
  EXPECT_EQ(resolve_region(env_, "p", std::nullopt), "from-DEFAULT");
  EXPECT_EQ(resolve_region(env_, "q", std::nullopt), "own");
}

TEST_F(AwsConfigTest, FilesTheCliRejectsAreErrors) {
  const std::pair<std::string, std::string> cases[] = {
      {"aws_access_key_id = A\n[default]\n", "line 1: a line before the first [section]"},
      {"[default]\n[default]\n", "line 2: section [default] appears more than once"},
      {"[default]\nregion = a\nRegion = b\n", "line 3: key 'region' appears more than once"},
      {"[default]\njust some words\n", "line 2: 'just some words' is neither"},
      {"[default]\n= value\n", "line 2"},
      {"[default]\ns3 =\n  no equals sign\n", "nested under 's3' in [default] has no '='"},
  };
  for (const auto& [text, reason] : cases) {
    config(text);
    EXPECT_FALSE(resolve().has_value()) << text;
    EXPECT_NE(why_.find("Unable to parse config file: " + (home_ / ".aws/config").string()),
              std::string::npos)
        << why_;
    EXPECT_NE(why_.find(reason), std::string::npos) << text << "\n" << why_;
    EXPECT_FALSE(resolve_region(env_, std::nullopt, std::nullopt).has_value()) << text;
  }
}

TEST_F(AwsConfigTest, UnsupportedCredentialSourcesAreNamed) {
  config("[profile role]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = d\n");
  EXPECT_FALSE(resolve("role").has_value());
  EXPECT_NE(why_.find("role_arn, which this tool does not support"), std::string::npos) << why_;
}

TEST_F(AwsConfigTest, RegionPrecedence) {
  config("[default]\nregion = from-default\n[profile p]\nregion = from-p\n");
  credentials("[c]\nregion = from-credentials-file\n");
  EXPECT_EQ(resolve_region(env_, std::nullopt, std::nullopt), "from-default");
  EXPECT_EQ(resolve_region(env_, "p", std::nullopt), "from-p");
  EXPECT_EQ(resolve_region(env_, "c", std::nullopt), "from-credentials-file");
  EXPECT_FALSE(resolve_region(env_, "missing", std::nullopt).has_value());
  env_.vars["AWS_PROFILE"] = "p";
  EXPECT_EQ(resolve_region(env_, std::nullopt, std::nullopt), "from-p");
  EXPECT_EQ(resolve_region(env_, "default", std::nullopt), "from-default");
  env_.vars["AWS_DEFAULT_REGION"] = "from-AWS_DEFAULT_REGION";
  EXPECT_EQ(resolve_region(env_, "p", std::nullopt), "from-AWS_DEFAULT_REGION");
  env_.vars["AWS_REGION"] = "from-AWS_REGION";
  EXPECT_EQ(resolve_region(env_, "p", std::nullopt), "from-AWS_REGION");
  EXPECT_EQ(resolve_region(env_, "p", "explicit"), "explicit");
  EXPECT_EQ(resolve_region(env_, "p", ""), "from-AWS_REGION");
}

TEST_F(AwsConfigTest, CredentialsFileKeysOverrideConfigFileForTheSameProfile) {
  config("[profile p]\nregion = from-config\n");
  credentials("[p]\nregion = from-credentials\n");
  EXPECT_EQ(resolve_region(env_, "p", std::nullopt), "from-credentials");
}

TEST_F(AwsConfigTest, EndpointPrecedence) {
  config(
      "[default]\nendpoint_url = http://127.0.0.1:1001\n"
      "[profile p]\nendpoint_url = http://127.0.0.1:1002\n");
  EXPECT_EQ(resolve_endpoint_url(env_, std::nullopt, std::nullopt), "http://127.0.0.1:1001");
  EXPECT_EQ(resolve_endpoint_url(env_, "p", std::nullopt), "http://127.0.0.1:1002");
  env_.vars["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1003";
  EXPECT_EQ(resolve_endpoint_url(env_, "p", std::nullopt), "http://127.0.0.1:1003");
  env_.vars["AWS_ENDPOINT_URL_ECR"] = "http://127.0.0.1:1004";
  EXPECT_EQ(resolve_endpoint_url(env_, "p", std::nullopt), "http://127.0.0.1:1004");
  EXPECT_EQ(resolve_endpoint_url(env_, "p", "http://127.0.0.1:1005"), "http://127.0.0.1:1005");
}

TEST_F(AwsConfigTest, IgnoreConfiguredEndpointUrls) {
  config("[default]\nendpoint_url = http://127.0.0.1:1001\n");
  env_.vars["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1003";
  env_.vars["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "TRUE";
  EXPECT_FALSE(resolve_endpoint_url(env_, std::nullopt, std::nullopt).has_value());
  EXPECT_EQ(resolve_endpoint_url(env_, std::nullopt, "http://127.0.0.1:1005"),
            "http://127.0.0.1:1005");
  env_.vars.erase("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  env_.vars.erase("AWS_ENDPOINT_URL");
  config(
      "[default]\nendpoint_url = http://127.0.0.1:1001\nignore_configured_endpoint_urls = true\n");
  EXPECT_FALSE(resolve_endpoint_url(env_, std::nullopt, std::nullopt).has_value());
}

TEST(Environment, FromProcessReadsTheRealEnvironment) {
  const char* previous = std::getenv("AWS_ENDPOINT_URL_ECR");
  const std::optional<std::string> saved =
      previous ? std::optional<std::string>(previous) : std::nullopt;
  ::setenv("AWS_ENDPOINT_URL_ECR", "http://127.0.0.1:9", 1);
  const Environment env = Environment::from_process();
  if (saved) {
    ::setenv("AWS_ENDPOINT_URL_ECR", saved->c_str(), 1);
  } else {
    ::unsetenv("AWS_ENDPOINT_URL_ECR");
  }
  EXPECT_EQ(env.get("AWS_ENDPOINT_URL_ECR"), "http://127.0.0.1:9");
  EXPECT_FALSE(env.get("ULP_SURELY_NOT_SET").has_value());
}

}  // namespace
}  // namespace ulp::aws_config
