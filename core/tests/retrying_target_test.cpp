#include "core/retrying_target.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <deque>

#include "core/rate_limiter.hpp"

namespace ulp {
namespace {

Response answer(int status, const std::string& type = "") {
  std::string body = type.empty() ? "{}" : R"({"__type":")" + type + R"(","message":"m"})";
  return Response::decode(status, {{"Content-Type", "application/x-amz-json-1.1"}}, body);
}

Response no_answer(const std::string& error) {
  Response r;
  r.transport_error = error;
  return r;
}

// Answers from a script, then 200s; keeps every request's body.
class Scripted : public Target {
 public:
  explicit Scripted(std::deque<Response> script) : script_(std::move(script)) {}
  Response send(const Request& request) override {
    bodies.push_back(request.body);
    if (script_.empty()) return answer(200);
    Response r = script_.front();
    script_.pop_front();
    return r;
  }
  std::string describe() const override { return "scripted"; }
  std::vector<std::string> bodies;

 private:
  std::deque<Response> script_;
};

struct Sent {
  Response response;
  std::vector<std::string> bodies;
  std::vector<double> waits;
};

Sent send(std::deque<Response> script, Request request = Request::of("UploadLayerPart", {{"a", 1}}),
          double max_backoff = -1) {
  auto inner = std::make_unique<Scripted>(std::move(script));
  Scripted& seen = *inner;
  Sent out;
  RetrySettings settings;
  settings.seed = 7;
  settings.max_backoff_seconds = max_backoff;
  settings.wait = [&](double s) { out.waits.push_back(s); };
  RetryingTarget target(std::move(inner), nullptr, settings);
  out.response = target.send(request);
  out.bodies = seen.bodies;
  return out;
}

TEST(RetryingTarget, ThrottlingIsSentAgainWithTheSameBytesUntilAnswered) {
  Sent s = send({answer(400, "ThrottlingException"), answer(429)});
  EXPECT_EQ(s.response.status, 200);
  EXPECT_EQ(s.response.attempts, 3);
  ASSERT_EQ(s.bodies.size(), 3u);
  EXPECT_EQ(s.bodies[0], s.bodies[2]);
  ASSERT_EQ(s.waits.size(), 2u);
  EXPECT_LE(s.waits[0], 1.0);  // full jitter below 2^(retry-1) seconds
  EXPECT_LE(s.waits[1], 2.0);
}

TEST(RetryingTarget, TransientFaultsAreRetriedAndA500IsAnAnswer) {
  for (int status : {502, 503, 504})
    EXPECT_EQ(send({answer(status)}).response.attempts, 2) << status;
  EXPECT_EQ(send({no_answer("Connection")}).response.attempts, 2);
  EXPECT_EQ(send({answer(400, "RequestTimeoutException")}).response.attempts, 2);
  Sent s = send({answer(500, "ServerException")});
  EXPECT_EQ(s.response.status, 500);
  EXPECT_EQ(s.response.attempts, 1);
  EXPECT_EQ(send({answer(400, "InvalidLayerPartException")}).response.attempts, 1);
  // A read that failed may have been served: sending a part again would not be the same.
  EXPECT_EQ(send({no_answer("Read")}).response.attempts, 1);
}

TEST(RetryingTarget, StillThrottledAfterTheLastAttemptIsReturnedAsSuch) {
  Sent s = send({answer(400, "ThrottlingException"), answer(400, "ThrottlingException"),
                 answer(400, "ThrottlingException"), answer(400, "ThrottlingException")});
  EXPECT_EQ(s.response.attempts, 3);  // botocore's standard mode
  EXPECT_TRUE(throttled(s.response));
  EXPECT_EQ(s.bodies.size(), 3u);
}

TEST(RetryingTarget, AnErrorTheCallerGradesIsNeverRetried) {
  Request r = Request::of("InitiateLayerUpload", {{"repositoryName", "x"}});
  r.graded_errors = {"LimitExceededException"};
  EXPECT_EQ(send({answer(400, "LimitExceededException")}, r).response.attempts, 1);
  EXPECT_EQ(send({answer(400, "LimitExceededException")}).response.attempts, 2);
}

TEST(RetryingTarget, BackoffIsCapped) {
  Sent s = send({answer(503), answer(503)}, Request::of("UploadLayerPart", {}), 0.01);
  for (double w : s.waits) EXPECT_LE(w, 0.01);
}

TEST(RateLimiter, RefusesPastItsRateAndRefillsWithTime) {
  RateLimiter limiter({{"InitiateLayerUpload", 5}});
  int granted = 0;
  for (int i = 0; i < 20; ++i) granted += limiter.try_acquire("InitiateLayerUpload");
  EXPECT_EQ(granted, 5);  // a second's worth at once
  EXPECT_TRUE(limiter.try_acquire("UploadLayerPart")) << "no rate: no limit";
  std::this_thread::sleep_for(std::chrono::milliseconds(450));
  EXPECT_TRUE(limiter.try_acquire("InitiateLayerUpload"));
  EXPECT_TRUE(limiter.try_acquire("InitiateLayerUpload"));
}

TEST(RateLimiter, AcquireWaitsForItsTurn) {
  RateLimiter limiter({{"*", 50}});
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 60; ++i) limiter.acquire("UploadLayerPart");  // 50 at once, 10 at 50/s
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GE(seconds, 0.18);
}

TEST(RateLimiter, MaxRateOverridesTheProfile) {
  std::map<std::string, double> base{{"UploadLayerPart", 500}, {"InitiateLayerUpload", 100}};
  auto one = override_rates(base, {"UploadLayerPart=2"});
  EXPECT_EQ(one["UploadLayerPart"], 2);
  EXPECT_EQ(one["InitiateLayerUpload"], 100);
  auto all = override_rates(base, {"10", "CompleteLayerUpload=1"});
  EXPECT_EQ(RateLimiter(all).rate("UploadLayerPart"), 10);
  EXPECT_EQ(RateLimiter(all).rate("CompleteLayerUpload"), 1);
  EXPECT_THROW(override_rates(base, {"Nope=1"}), std::invalid_argument);
  EXPECT_THROW(override_rates(base, {"UploadLayerPart=-1"}), std::invalid_argument);
  EXPECT_THROW(override_rates(base, {"fast"}), std::invalid_argument);
}

}  // namespace
}  // namespace ulp
