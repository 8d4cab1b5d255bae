#include "load/stats.hpp"

#include <gtest/gtest.h>

namespace ulp::load {
namespace {

TEST(Percentile, NearestRankOfOneToHundred) {
  std::vector<double> sorted;
  for (int i = 1; i <= 100; ++i) sorted.push_back(i);
  EXPECT_EQ(percentile(sorted, 50), 50);
  EXPECT_EQ(percentile(sorted, 90), 90);
  EXPECT_EQ(percentile(sorted, 99), 99);
  EXPECT_EQ(percentile(sorted, 100), 100);
  EXPECT_EQ(percentile(sorted, 0.5), 1);
}

TEST(Percentile, FewSamplesRoundUpToASample) {
  EXPECT_EQ(percentile({}, 50), 0);
  EXPECT_EQ(percentile({7}, 99), 7);
  EXPECT_EQ(percentile({1, 2, 3}, 50), 2);     // rank ceil(1.5) = 2
  EXPECT_EQ(percentile({1, 2, 3, 4}, 50), 2);  // rank 2
  EXPECT_EQ(percentile({1, 2, 3, 4}, 51), 3);  // rank ceil(2.04) = 3
  EXPECT_EQ(percentile({1, 2, 3, 4}, 99), 4);
}

TEST(Summarize, SortsAndTakesTheMaximum) {
  const Percentiles p = summarize({5, 1, 4, 2, 3, 10, 9, 8, 7, 6});
  EXPECT_EQ(p.count, 10u);
  EXPECT_EQ(p.p50, 5);
  EXPECT_EQ(p.p90, 9);
  EXPECT_EQ(p.p99, 10);
  EXPECT_EQ(p.max, 10);
  EXPECT_EQ(summarize({}).count, 0u);
}

TEST(Stats, RecordsLatencyAndErrorsByOperationAndMerges) {
  Stats a, b;
  Response ok;
  ok.status = 200;
  Response refused = Response::decode(400, {}, R"({"__type":"InvalidLayerPartException"})");
  Response dropped;
  a.record("UploadLayerPart", ok, 0.1);
  a.record("UploadLayerPart", refused, 0.2);
  b.record("UploadLayerPart", dropped, 0.3);
  b.record("CompleteLayerUpload", refused, 0.4);
  a.merge(b);
  EXPECT_EQ(a.requests, 4u);
  EXPECT_EQ(a.seconds["UploadLayerPart"].size(), 3u);
  EXPECT_EQ(a.errors["UploadLayerPart"]["InvalidLayerPartException"], 1u);
  EXPECT_EQ(a.errors["UploadLayerPart"]["no answer"], 1u);
  EXPECT_EQ(a.errors["CompleteLayerUpload"]["InvalidLayerPartException"], 1u);
}

}  // namespace
}  // namespace ulp::load
