#include "load/options.hpp"

#include <gtest/gtest.h>

namespace ulp::load {
namespace {

TEST(ParseBytes, SuffixesBinaryAndDecimal) {
  EXPECT_EQ(parse_bytes("16"), 16);
  EXPECT_EQ(parse_bytes("16B"), 16);
  EXPECT_EQ(parse_bytes("5MiB"), 5242880);
  EXPECT_EQ(parse_bytes("5M"), 5242880);
  EXPECT_EQ(parse_bytes("2KiB"), 2048);
  EXPECT_EQ(parse_bytes("1GiB"), 1073741824);
  EXPECT_EQ(parse_bytes("3MB"), 3000000);
  EXPECT_EQ(parse_bytes("MiB"), std::nullopt);
  EXPECT_EQ(parse_bytes("5 MiB"), std::nullopt);
  EXPECT_EQ(parse_bytes("5XB"), std::nullopt);
  EXPECT_EQ(parse_bytes("-1"), std::nullopt);
}

TEST(ParseByteRange, PairOrSingle) {
  auto r = parse_byte_range("5MiB..8MiB");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->low, 5242880);
  EXPECT_EQ(r->high, 8388608);
  r = parse_byte_range("16");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->low, 16);
  EXPECT_EQ(r->high, 16);
  EXPECT_FALSE(parse_byte_range("8..5"));
  EXPECT_FALSE(parse_byte_range("5.."));
}

TEST(ResolveSizes, DefaultsFitTheProfileAndBadSizesAreRefused) {
  Options o;
  o.limits = "ecr";
  o.profile = Profile::load("ecr");
  EXPECT_EQ(resolve_sizes(o), std::nullopt);
  EXPECT_EQ(o.part_bytes.low, o.profile.min_part_bytes);
  EXPECT_LE(o.part_bytes.high, o.profile.max_part_bytes);
  o.part_size_text = "1MiB..8MiB";  // below minPartBytes
  EXPECT_NE(resolve_sizes(o), std::nullopt);
  o.part_size_text = "";
  o.layer_size_text = "1..100GiB";  // beyond maxLayerBytes
  EXPECT_NE(resolve_sizes(o), std::nullopt);

  o.limits = "small";
  o.profile = Profile::load("small");
  o.layer_size_text = "1..384";
  o.part_size_text = "16..64";  // 384 / 16 = 24 parts > maxPartsPerLayer 8
  EXPECT_NE(resolve_sizes(o), std::nullopt);
  o.part_size_text = "48..64";
  EXPECT_EQ(resolve_sizes(o), std::nullopt);
}

}  // namespace
}  // namespace ulp::load
