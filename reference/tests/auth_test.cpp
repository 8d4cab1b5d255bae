// The reference's authentication (--auth): a request signed by core's signer is served, each
// spoiled one is refused with ECR's answer and changes nothing, and each auth mutant is caught
// by the check of the requirement it breaks.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <variant>

#include "core/request_signing.hpp"
#include "core/sha256.hpp"
#include "core/spec.hpp"
#include "reference/authenticator.hpp"
#include "reference/handler.hpp"

namespace ulp::reference {
namespace {

using nlohmann::json;

constexpr std::int64_t kNow = 1764945000;              // the injected clock
const std::string kBlob = "YWFhYWFhYWFhYWFhYWFhYQ==";  // 16 bytes 'a'
const sigv4::Key kKey{{"ASIAREFERENCETEST000", "secret/key+0123456789", "session-token"},
                      std::nullopt,
                      "123456789012"};

// How a request is spoiled before it is sent.
struct Spoil {
  sigv4::Credentials credentials = kKey.credentials;
  sigv4::Scope scope{"us-east-1", "ecr", kNow};
  bool sign = true;
  bool claim_body_hash = false;  // X-Amz-Content-Sha256, signed
  std::function<void(HttpRequest&)> after;
};

Spoil unsigned_request() {
  Spoil s;
  s.sign = false;
  return s;
}

struct AuthBench {
  explicit AuthBench(Mutant m)
      : engine([m] {
          EngineOptions o;
          o.profile = Profile::load("small");
          o.mutant = m;
          o.seed = 7;
          return o;
        }()),
        authenticator({kKey}, "us-east-1", [] { return kNow; }),
        handler(engine, &authenticator) {
    engine.create_repository({"", "r1"});
    upload_id = std::get<Initiated>(engine.initiate_layer_upload({"", "r1"})).upload_id;
  }

  // The first part of the upload (bytes 0..15), signed and spoiled as `spoil` says.
  HttpResponse send_part(const Spoil& spoil = {}) {
    Request request = Request::of("UploadLayerPart", {{"repositoryName", "r1"},
                                                      {"uploadId", upload_id},
                                                      {"partFirstByte", 0},
                                                      {"partLastByte", 15},
                                                      {"layerPartBlob", kBlob}});
    request.headers.emplace("Host", "localhost");
    if (spoil.claim_body_hash)
      request.headers.emplace("X-Amz-Content-Sha256", Sha256::hex_of(request.body));
    if (spoil.sign)
      for (auto& [name, value] :
           signature_headers(request, "localhost", "/", spoil.credentials, spoil.scope))
        request.headers.emplace(name, value);
    HttpRequest http{"POST", "/", request.wire_headers(), request.body};
    if (spoil.after) spoil.after(http);
    return handler.handle(http);
  }

  // The rule holds: the spoiled part is refused and changed nothing (the same part, taken
  // directly by the engine, is still the first).
  bool refused(const Spoil& spoil) {
    const HttpResponse r = send_part(spoil);
    if (r.status < 400 || r.status >= 500) return false;
    const std::string bytes(16, 'a');
    auto taken = engine.upload_layer_part({{"", "r1"}, upload_id, 0, 15, bytes});
    return std::holds_alternative<PartAccepted>(taken);
  }

  Engine engine;
  Authenticator authenticator;
  Handler handler;
  std::string upload_id;
};

std::string type_of(const HttpResponse& r) {
  return json::parse(r.body).value("__type", "");
}

const std::map<std::string, std::function<bool(AuthBench&)>>& checks() {
  static const std::map<std::string, std::function<bool(AuthBench&)>> all = {
      {"AUTH-SIGNED", [](AuthBench& b) { return b.send_part().status == 200; }},
      {"AUTH-UNSIGNED", [](AuthBench& b) { return b.refused(unsigned_request()); }},
      {"AUTH-WRONG-SIGNATURE",
       [](AuthBench& b) {
         Spoil s;
         s.credentials.secret_access_key += "x";
         return b.refused(s);
       }},
      {"AUTH-TAMPERED-BODY",
       [](AuthBench& b) {
         Spoil s;
         s.claim_body_hash = true;
         s.after = [](HttpRequest& r) {  // 16 bytes 'b'
           r.body.replace(r.body.find(kBlob), kBlob.size(), "YmJiYmJiYmJiYmJiYmJiYg==");
         };
         return b.refused(s);
       }},
      {"AUTH-TAMPERED-HEADER",
       [](AuthBench& b) {
         Spoil s;
         s.after = [](HttpRequest& r) {
           r.headers.erase("Content-Type");
           r.headers.emplace("Content-Type", "application/x-amz-json-1.1; charset=utf-8");
         };
         return b.refused(s);
       }},
      {"AUTH-SCOPE-REGION",
       [](AuthBench& b) {
         Spoil s;
         s.scope.region = "eu-west-1";
         return b.refused(s);
       }},
      {"AUTH-SCOPE-SERVICE",
       [](AuthBench& b) {
         Spoil s;
         s.scope.service = "sts";
         return b.refused(s);
       }},
      {"AUTH-SKEW",
       [](AuthBench& b) {
         Spoil ago, ahead;
         ago.scope.unix_time -= 16 * 60;
         ahead.scope.unix_time += 16 * 60;
         AuthBench second(b.engine.mutant());  // refused() takes the part afterwards
         return b.refused(ago) && second.refused(ahead);
       }},
      {"AUTH-UNKNOWN-KEY",
       [](AuthBench& b) {
         Spoil s;
         s.credentials.access_key_id = "AKIAIOSFODNN7EXAMPLE";
         return b.refused(s);
       }},
      {"AUTH-SESSION-TOKEN",
       [](AuthBench& b) {
         Spoil s;
         s.credentials.session_token.clear();
         return b.refused(s);
       }},
      {"AUTH-ERROR-TYPES",
       [](AuthBench& b) {
         const HttpResponse r = b.send_part(unsigned_request());
         return r.status == 400 && type_of(r) == "MissingAuthenticationTokenException";
       }},
  };
  return all;
}

TEST(Auth, TheReferencePassesEveryCheck) {
  for (const auto& [id, check] : checks()) {
    AuthBench bench(Mutant::none);
    EXPECT_TRUE(check(bench)) << id;
  }
}

TEST(Auth, EveryAuthMutantIsCaughtByTheCheckOfTheRuleItBreaks) {
  int auth_mutants = 0;
  for (const auto& m : mutants()) {
    const std::string made_for(m.breaks.front());  // the first is the one it is made for
    if (!made_for.starts_with("AUTH-")) continue;
    ++auth_mutants;
    ASSERT_TRUE(checks().count(made_for)) << "no check for " << made_for;
    AuthBench bench(m.mutant);
    EXPECT_FALSE(checks().at(made_for)(bench)) << m.name << " (" << m.what << ") went unnoticed";
  }
  EXPECT_GE(auth_mutants, 10);
}

TEST(Auth, EveryAuthMustRequirementHasACheck) {
  for (const auto& r : Spec::get().requirements())
    if (r.category == "auth" && r.level != "PROBE") {
      EXPECT_TRUE(checks().count(r.id)) << r.id;
    }
}

TEST(Auth, RefusalsCarryEcrsTypesAndMessages) {
  AuthBench bench(Mutant::none);
  Spoil ago;
  ago.scope.unix_time -= 16 * 60;
  const json expired = json::parse(bench.send_part(ago).body);
  EXPECT_EQ(expired["__type"], "InvalidSignatureException");
  EXPECT_EQ(expired["message"], "Signature expired: " + sigv4::amz_date(kNow - 960) +
                                    " is now earlier than " + sigv4::amz_date(kNow - 900) + " (" +
                                    sigv4::amz_date(kNow) + " - 15 min.)");
  Spoil unknown;
  unknown.credentials.access_key_id = "AKIAIOSFODNN7EXAMPLE";
  const json unrecognized = json::parse(bench.send_part(unknown).body);
  EXPECT_EQ(unrecognized["__type"], "UnrecognizedClientException");
  EXPECT_EQ(unrecognized["message"], "The security token included in the request is invalid.");
}

TEST(Auth, KeysComeFromAnAwsCliCredentialsFile) {
  const auto path = std::filesystem::temp_directory_path() / "ulp-auth-test-credentials";
  std::ofstream(path) << "[default]\naws_access_key_id = AKIAONE\n"
                         "aws_secret_access_key = s1\naws_account_id = 123456789012\n"
                         "[temp]\naws_access_key_id=ASIATWO\naws_secret_access_key=s2\n"
                         "aws_session_token = t2\naws_session_expiration = 2026-12-05T15:00:00Z\n";
  const auto keys = Authenticator::load_keys(path.string());
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].credentials.access_key_id, "AKIAONE");
  EXPECT_EQ(keys[0].account, "123456789012");
  EXPECT_FALSE(keys[0].token_expires);
  EXPECT_EQ(keys[1].credentials.session_token, "t2");
  EXPECT_EQ(keys[1].token_expires, sigv4::parse_amz_date("20261205T150000Z"));

  std::ofstream(path) << "[default]\naws_access_key_id = AKIAONE\n";
  EXPECT_THROW(Authenticator::load_keys(path.string()), std::runtime_error);
  std::filesystem::remove(path);
  EXPECT_THROW(Authenticator::load_keys(path.string()), std::runtime_error);
}

}  // namespace
}  // namespace ulp::reference
