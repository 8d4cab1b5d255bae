// ulp-reference-server --rates: a call beyond its operation's rate gets ECR's throttling
// answer and changes nothing.
#include <gtest/gtest.h>

#include "core/retrying_target.hpp"
#include "reference/tests/small_reference.hpp"

namespace ulp::reference {
namespace {

TEST(Throttle, BeyondItsRateACallIsAnsweredAsEcrThrottlesAndChangesNothing) {
  SmallReference reference;
  reference.handler.throttle({{"InitiateLayerUpload", 2}, {"UploadLayerPart", 1}});
  InProcessTarget& target = reference.target;

  auto initiate = [&] {
    return target.send(Request::of("InitiateLayerUpload", {{"repositoryName", "repo"}}));
  };
  Response first = initiate();
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(initiate().status, 200);
  Response third = initiate();
  EXPECT_EQ(third.status, 400);
  EXPECT_EQ(third.error_type, "ThrottlingException");
  ASSERT_TRUE(third.json);
  EXPECT_EQ((*third.json)["message"], "Rate exceeded");
  EXPECT_TRUE(throttled(third));

  const std::string upload = (*first.json)["uploadId"];
  auto part = [&](int first_byte) {
    return target.send(Request::of("UploadLayerPart", {{"repositoryName", "repo"},
                                                       {"uploadId", upload},
                                                       {"partFirstByte", first_byte},
                                                       {"partLastByte", first_byte + 1},
                                                       {"layerPartBlob", "YWI="}}));
  };
  EXPECT_EQ(part(0).status, 200);
  EXPECT_EQ(part(2).error_type, "ThrottlingException");
  // The throttled part was not taken: once the rate allows, the upload goes on at byte 2.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  Response next = part(2);
  EXPECT_EQ(next.status, 200) << next.body;
  EXPECT_EQ((*next.json)["lastByteReceived"], 3);
}

}  // namespace
}  // namespace ulp::reference
