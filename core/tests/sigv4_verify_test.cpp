#include "core/sigv4_verify.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/sha256.hpp"

namespace ulp::sigv4 {
namespace {

constexpr std::int64_t kNow = 1440938160;  // 20150830T123600Z
const Key kKey{{"ASIAEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "TOKEN"},
               std::nullopt,
               "123456789012"};
const Policy kPolicy{"us-east-1", "ecr", kNow, 900};
const std::string kBody = R"({"repositoryName":"x"})";

const Key* lookup(std::string_view id) {
  return id == kKey.credentials.access_key_id ? &kKey : nullptr;
}

// A request signed by core's signer, as a server receives it.
ReceivedRequest signed_request(Credentials credentials = kKey.credentials,
                               Scope scope = {"us-east-1", "ecr", kNow}) {
  HttpMessage message{"POST",
                      "/",
                      "",
                      {{"Host", "127.0.0.1:5000"}, {"Content-Type", "application/x-amz-json-1.1"}},
                      kBody};
  ReceivedRequest r{"POST", "/", message.headers, Sha256::hex_of(kBody)};
  for (auto& h : sign(message, credentials, scope)) r.headers.push_back(h);
  return r;
}

Refusal refusal_of(const ReceivedRequest& r, Policy policy = kPolicy) {
  return verify(r, policy, lookup).refusal;
}

void set_header(ReceivedRequest& r, const std::string& name, const std::string& value) {
  for (auto& h : r.headers)
    if (h.first == name) h.second = value;
}

TEST(Sigv4Verify, ASignedRequestVerifies) {
  Verification v = verify(signed_request(), kPolicy, lookup);
  EXPECT_EQ(v.refusal, Refusal::none) << v.detail;
  EXPECT_EQ(v.key, &kKey);
}

TEST(Sigv4Verify, EachRefusalHasItsReason) {
  ReceivedRequest unsigned_request{"POST", "/", {{"Host", "h"}}, Sha256::hex_of(kBody)};
  EXPECT_EQ(refusal_of(unsigned_request), Refusal::missing);

  ReceivedRequest garbled = signed_request();
  set_header(garbled, "Authorization", "AWS4-HMAC-SHA256 nonsense");
  EXPECT_EQ(refusal_of(garbled), Refusal::incomplete);

  Credentials wrong_secret = kKey.credentials;
  wrong_secret.secret_access_key += "x";
  EXPECT_EQ(refusal_of(signed_request(wrong_secret)), Refusal::mismatch);

  Credentials unknown = kKey.credentials;
  unknown.access_key_id = "AKIAIOSFODNN7EXAMPLE";
  EXPECT_EQ(refusal_of(signed_request(unknown)), Refusal::unknown_key);

  Credentials no_token = kKey.credentials;
  no_token.session_token.clear();
  EXPECT_EQ(refusal_of(signed_request(no_token)), Refusal::invalid_token);

  EXPECT_EQ(refusal_of(signed_request(kKey.credentials, {"eu-west-1", "ecr", kNow})),
            Refusal::wrong_region);
  EXPECT_EQ(refusal_of(signed_request(kKey.credentials, {"us-east-1", "sts", kNow})),
            Refusal::wrong_service);
  EXPECT_EQ(refusal_of(signed_request(kKey.credentials, {"us-east-1", "ecr", kNow - 960})),
            Refusal::expired);
  EXPECT_EQ(refusal_of(signed_request(kKey.credentials, {"us-east-1", "ecr", kNow + 960})),
            Refusal::not_yet_current);
  // 15 minutes either way is still allowed.
  EXPECT_EQ(refusal_of(signed_request(kKey.credentials, {"us-east-1", "ecr", kNow - 900})),
            Refusal::none);
  EXPECT_EQ(refusal_of(signed_request(kKey.credentials, {"us-east-1", "ecr", kNow + 900})),
            Refusal::none);
}

TEST(Sigv4Verify, AnAlteredRequestDoesNotVerify) {
  ReceivedRequest body = signed_request();
  body.payload_sha256_hex = Sha256::hex_of(kBody + " ");
  EXPECT_EQ(refusal_of(body), Refusal::mismatch);

  ReceivedRequest header = signed_request();
  set_header(header, "Content-Type", "application/x-amz-json-1.1; charset=utf-8");
  EXPECT_EQ(refusal_of(header), Refusal::mismatch);

  ReceivedRequest method = signed_request();
  method.method = "PUT";
  EXPECT_EQ(refusal_of(method), Refusal::mismatch);

  ReceivedRequest path = signed_request();
  path.target = "/?a=b";
  EXPECT_EQ(refusal_of(path), Refusal::mismatch);

  ReceivedRequest date = signed_request();
  set_header(date, "X-Amz-Date", "20150830T123601Z");
  EXPECT_EQ(refusal_of(date), Refusal::mismatch);

  ReceivedRequest token = signed_request();
  set_header(token, "X-Amz-Security-Token", "TOKEN2");
  EXPECT_EQ(refusal_of(token), Refusal::invalid_token);
}

TEST(Sigv4Verify, AnExpiredSessionTokenIsRefused) {
  Key expiring = kKey;
  expiring.token_expires = kNow - 1;
  auto keys = [&](std::string_view) { return &expiring; };
  EXPECT_EQ(verify(signed_request(), kPolicy, keys).refusal, Refusal::expired_token);
  expiring.token_expires = kNow + 60;
  EXPECT_EQ(verify(signed_request(), kPolicy, keys).refusal, Refusal::none);
}

TEST(Sigv4Verify, AmzDateRoundTrips) {
  EXPECT_EQ(parse_amz_date("20150830T123600Z"), kNow);
  EXPECT_EQ(parse_amz_date(amz_date(0)), 0);
  EXPECT_EQ(parse_amz_date("20150230T123600Z"), std::nullopt);
  EXPECT_EQ(parse_amz_date("20150830T243600Z"), std::nullopt);
  EXPECT_EQ(parse_amz_date("2015-08-30T12:36:00Z"), std::nullopt);
  EXPECT_EQ(parse_amz_date(""), std::nullopt);
}

}  // namespace
}  // namespace ulp::sigv4
