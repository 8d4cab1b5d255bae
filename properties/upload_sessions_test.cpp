// The model-based property (follow_the_model.hpp) as a GoogleTest test of ulp-properties.
#include <gtest/gtest.h>

#include "properties/follow_the_model.hpp"
#include "properties/property_check.hpp"

namespace ulp::properties {
namespace {

TEST(UploadSessions, FollowTheModel) {
  check_property("UploadSessions.FollowTheModel", follow_the_model);
}

}  // namespace
}  // namespace ulp::properties
