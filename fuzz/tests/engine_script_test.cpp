// The engine fuzz input language: what the corpus generator writes reads back as the steps it
// meant, and the session's model catches a planted bug where the plain reference passes.
#include <gtest/gtest.h>

#include <random>

#include "fuzz/support/engine_session.hpp"

#ifdef ULP_FUZZED_DATA_PROVIDER_HEADER
#include ULP_FUZZED_DATA_PROVIDER_HEADER
#endif

namespace ulp::fuzz {
namespace {

EngineStep random_step(std::mt19937& rng) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  EngineStep s;
  s.op = static_cast<EngineOp>(pick(static_cast<int>(kLastEngineOp) + 1));
  s.repository = static_cast<std::uint8_t>(pick(3));
  s.registry = static_cast<Registry>(pick(3));
  s.upload = static_cast<std::uint8_t>(pick(kUnknownUpload + 1));
  s.first_from = static_cast<FirstByte>(pick(3));
  s.first = s.first_from == FirstByte::offset     ? pick(9) - 4
            : s.first_from == FirstByte::absolute ? pick(100000)
                                                  : 0;
  s.last_from = static_cast<LastByte>(pick(3));
  s.last = s.last_from == LastByte::offset     ? pick(9) - 4
           : s.last_from == LastByte::absolute ? pick(100000)
                                               : 0;
  s.size = static_cast<std::uint16_t>(pick(kMaxBlob + 1));
  s.fill = static_cast<std::uint8_t>(pick(256));
  s.force = pick(2);
  s.seconds = static_cast<std::uint16_t>(pick(8001));
  if (s.op == EngineOp::complete || s.op == EngineOp::batch_check)
    for (int i = 0, n = 1 + pick(3); i < n; ++i) s.digests.push_back(static_cast<Digest>(pick(5)));
  return s;
}

// The fields a step of its kind carries (the others are not encoded).
std::string shown(const EngineStep& s) {
  FdpWriter out;
  EngineStep copy = s;
  visit_step(out, copy);
  return out.bytes();
}

#ifdef ULP_FUZZED_DATA_PROVIDER_HEADER
TEST(EngineScript, WhatTheGeneratorWritesReadsBackAsTheSameSteps) {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::vector<EngineStep> steps;
    for (int i = 0; i < 12; ++i) steps.push_back(random_step(rng));
    const std::string input = encode_engine_script(steps);
    FuzzedDataProvider provider(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
    FdpReader<FuzzedDataProvider> in(provider);
    for (const auto& want : steps) {
      EngineStep got;
      visit_step(in, got);
      ASSERT_EQ(shown(got), shown(want)) << "round " << round;
    }
    EXPECT_TRUE(in.exhausted());
  }
}
#else
TEST(EngineScript, WhatTheGeneratorWritesReadsBackAsTheSameSteps) {
  GTEST_SKIP() << "fuzzer/FuzzedDataProvider.h (libclang-rt-14-dev) is not installed";
}
#endif

std::vector<EngineStep> upload_three_parts_and_complete() {
  auto step = [](EngineOp op) {
    EngineStep s;
    s.op = op;
    return s;
  };
  std::vector<EngineStep> steps = {step(EngineOp::initiate)};
  for (std::uint16_t size : {16, 16, 5}) {
    EngineStep part = step(EngineOp::upload_part);
    part.size = size;
    part.fill = static_cast<std::uint8_t>(size);
    steps.push_back(part);
  }
  EngineStep gap = step(EngineOp::upload_part);
  gap.first_from = FirstByte::offset;
  gap.first = 2;
  gap.size = 4;
  steps.push_back(gap);
  EngineStep complete = step(EngineOp::complete);
  complete.digests = {Digest::layer};
  steps.push_back(complete);
  return steps;
}

TEST(EngineSession, ThePlainReferenceAgreesWithTheModel) {
  EngineSession session;
  for (const auto& s : upload_three_parts_and_complete()) session.run(s);
}

TEST(EngineSessionDeathTest, APlantedBugIsCaught) {
  for (auto mutant : {reference::Mutant::accept_gap, reference::Mutant::drop_bytes,
                      reference::Mutant::wrong_last_valid_byte}) {
    EXPECT_DEATH(
        {
          EngineSession session(mutant);
          for (const auto& s : upload_three_parts_and_complete()) session.run(s);
        },
        "ORACLE FAILED")
        << reference::mutant_name(mutant);
  }
}

}  // namespace
}  // namespace ulp::fuzz
