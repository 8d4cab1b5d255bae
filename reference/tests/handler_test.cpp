// The handler's answers to bodies that validation lets through to the operation.
#include <gtest/gtest.h>

#include "reference/tests/small_reference.hpp"

namespace ulp::reference {
namespace {

// A member the operation does not have is ignored whatever its type: an uploadId that is a
// number, in an InitiateLayerUpload, once made the handler throw and answer 500 (found by
// fuzz_http_request: two X-Amz-Target headers, the first of them InitiateLayerUpload).
TEST(Handler, AMemberTheOperationDoesNotHaveIsIgnoredWhateverItsType) {
  SmallReference reference;
  for (const nlohmann::json& odd : {nlohmann::json(12345), nlohmann::json::array({1}),
                                    nlohmann::json::object(), nlohmann::json(true)}) {
    Response r = reference.target.send(Request::of(
        "InitiateLayerUpload", {{"repositoryName", "repo"}, {"uploadId", odd}, {"force", 7}}));
    EXPECT_EQ(r.status, 200) << odd.dump() << ": " << r.body;
  }
}

}  // namespace
}  // namespace ulp::reference
