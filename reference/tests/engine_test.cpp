// The engine's rules, one test each, on the small profile.
#include "reference/engine.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "core/sha256.hpp"

namespace ulp::reference {
namespace {

class EngineTest : public ::testing::Test {
 protected:
  EngineOptions options() {
    EngineOptions o;
    o.profile = Profile::load("small");
    o.seed = 1;
    o.now_seconds = [this] { return clock; };
    return o;
  }
  void SetUp() override {
    engine = std::make_unique<Engine>(options());
    ASSERT_TRUE(std::holds_alternative<nlohmann::json>(engine->create_repository(repo)));
    upload = std::get<Initiated>(engine->initiate_layer_upload(repo)).upload_id;
  }
  Outcome<PartAccepted> part(std::int64_t first, std::int64_t last, std::string_view bytes,
                             const std::string& id = "") {
    return engine->upload_layer_part({repo, id.empty() ? upload : id, first, last, bytes});
  }
  static std::string error_of(const auto& outcome) {
    auto* e = std::get_if<Error>(&outcome);
    return e ? e->type : "";
  }

  std::int64_t clock = 1000;
  RepositoryRef repo{"", "layer-test"};
  std::unique_ptr<Engine> engine;
  std::string upload;
};

TEST_F(EngineTest, ConsecutivePartsAreAcceptedAndLastByteIsInclusive) {
  auto a = part(0, 15, std::string(16, 'a'));
  ASSERT_EQ(error_of(a), "");
  EXPECT_EQ(std::get<PartAccepted>(a).last_byte_received, 15);
  EXPECT_EQ(std::get<PartAccepted>(a).registry_id, "123456789012");
  auto b = part(16, 19, "bbbb");
  ASSERT_EQ(error_of(b), "");
  EXPECT_EQ(std::get<PartAccepted>(b).last_byte_received, 19);
}

TEST_F(EngineTest, GapOverlapAndResendAreRefusedWithLastValidByte) {
  ASSERT_EQ(error_of(part(0, 15, std::string(16, 'a'))), "");
  for (auto [first, last] : {std::pair{17, 20}, {10, 13}, {0, 15}}) {
    auto r = part(first, last, std::string(last - first + 1, 'x'));
    ASSERT_EQ(error_of(r), "InvalidLayerPartException") << first;
    const auto& e = std::get<Error>(r);
    EXPECT_EQ(e.members["lastValidByteReceived"], 15);
    EXPECT_EQ(e.members["uploadId"], upload);
    EXPECT_EQ(e.members["repositoryName"], "layer-test");
  }
  EXPECT_EQ(error_of(part(16, 16, "b")), "");  // refusals changed nothing
}

TEST_F(EngineTest, FirstPartMustStartAtZeroAndNoLastValidByteBeforeAny) {
  auto r = part(1, 1, "a");
  ASSERT_EQ(error_of(r), "InvalidLayerPartException");
  EXPECT_FALSE(std::get<Error>(r).members.contains("lastValidByteReceived"));
}

TEST_F(EngineTest, LengthMustMatchRange) {
  EXPECT_EQ(error_of(part(0, 3, "abc")), "InvalidLayerPartException");
  EXPECT_EQ(error_of(part(0, 1, "abc")), "InvalidLayerPartException");
  EXPECT_EQ(error_of(part(3, 1, "abc")), "InvalidLayerPartException");
  EXPECT_EQ(error_of(part(0, -1, "")), "InvalidLayerPartException");
  EXPECT_EQ(error_of(part(0, 2, "abc")), "");
}

TEST_F(EngineTest, PartSizeLimitComesFromTheProfile) {
  auto max = engine->profile().max_part_bytes;
  EXPECT_EQ(error_of(part(0, max, std::string(max + 1, 'x'))), "InvalidParameterException");
  EXPECT_EQ(error_of(part(0, max - 1, std::string(max, 'x'))), "");
}

TEST_F(EngineTest, CompletionChecksPartsDigestAndExistence) {
  Completed done;
  EXPECT_EQ(error_of(engine->complete_layer_upload(repo, upload, {"sha256:00"})),
            "EmptyUploadException");
  std::string a(engine->profile().min_part_bytes - 1, 'a');
  ASSERT_EQ(error_of(part(0, a.size() - 1, a)), "");
  ASSERT_EQ(error_of(part(a.size(), a.size(), "b")), "");
  std::string digest = "sha256:" + Sha256::hex_of(a + "b");
  EXPECT_EQ(error_of(engine->complete_layer_upload(repo, upload, {digest})),
            "LayerPartTooSmallException");

  auto second = std::get<Initiated>(engine->initiate_layer_upload(repo)).upload_id;
  std::string big(engine->profile().min_part_bytes, 'c');
  ASSERT_EQ(error_of(part(0, big.size() - 1, big, second)), "");
  ASSERT_EQ(error_of(part(big.size(), big.size(), "d", second)), "");
  std::string right = "sha256:" + Sha256::hex_of(big + "d");
  EXPECT_EQ(error_of(engine->complete_layer_upload(repo, second, {"sha256:ab"})),
            "InvalidLayerException");
  auto ok = engine->complete_layer_upload(repo, second, {right});
  ASSERT_EQ(error_of(ok), "");
  EXPECT_EQ(std::get<Completed>(ok).layer_digest, right);
  EXPECT_EQ(error_of(part(big.size() + 1, big.size() + 1, "e", second)), "UploadNotFoundException");
}

TEST_F(EngineTest, UnknownUploadRepositoryAndOtherRepositorysUpload) {
  EXPECT_EQ(error_of(part(0, 0, "a", "00000000-0000-4000-8000-000000000000")),
            "UploadNotFoundException");
  RepositoryRef other{"", "other"};
  ASSERT_EQ(error_of(engine->create_repository(other)), "");
  EXPECT_EQ(error_of(engine->upload_layer_part({other, upload, 0, 0, "a"})),
            "UploadNotFoundException");
  EXPECT_EQ(error_of(engine->upload_layer_part({{"", "nope"}, upload, 0, 0, "a"})),
            "RepositoryNotFoundException");
  EXPECT_EQ(
      error_of(engine->upload_layer_part({{"999999999999", "layer-test"}, upload, 0, 0, "a"})),
      "RepositoryNotFoundException");
}

TEST_F(EngineTest, UploadsExpireAfterTheirLifetimeAndLeaveNoFile) {
  ASSERT_EQ(error_of(part(0, 0, "a")), "");
  clock += engine->profile().upload_lifetime_seconds + 1;
  EXPECT_EQ(error_of(part(1, 1, "b")), "UploadNotFoundException");
  EXPECT_FALSE(std::filesystem::exists(engine->data_dir() / "uploads" / upload));
}

// Expired uploads stop counting as open, and leave no file, though nothing asks for them.
TEST_F(EngineTest, ExpiredUploadsFreeTheirPlaceAndFiles) {
  ASSERT_EQ(error_of(part(0, 0, "a")), "");
  const std::int64_t limit = engine->profile().max_open_uploads_per_repository;
  for (std::int64_t i = 1; i < limit; ++i)
    ASSERT_EQ(error_of(engine->initiate_layer_upload(repo)), "");
  EXPECT_EQ(error_of(engine->initiate_layer_upload(repo)), "LimitExceededException");
  clock += engine->profile().upload_lifetime_seconds + 1;
  for (std::int64_t i = 0; i < limit; ++i)
    EXPECT_EQ(error_of(engine->initiate_layer_upload(repo)), "") << i;
  EXPECT_FALSE(std::filesystem::exists(engine->data_dir() / "uploads" / upload));
  EXPECT_EQ(error_of(engine->initiate_layer_upload(repo)), "LimitExceededException");
}

// Completed and refused-as-gone uploads give their place back at once.
TEST_F(EngineTest, CompletedUploadsStopCountingAsOpen) {
  const Profile& p = engine->profile();
  for (std::int64_t round = 0; round < 3 * p.max_open_uploads_per_repository; ++round) {
    const std::string bytes = std::to_string(round) + std::string(16, 'z');
    ASSERT_EQ(error_of(part(0, static_cast<std::int64_t>(bytes.size()) - 1, bytes)), "") << round;
    auto done = engine->complete_layer_upload(repo, upload, {"sha256:" + Sha256::hex_of(bytes)});
    ASSERT_EQ(error_of(done), "") << round;
    auto next = engine->initiate_layer_upload(repo);
    ASSERT_EQ(error_of(next), "") << round;
    upload = std::get<Initiated>(next).upload_id;
  }
}

// The short-upload-lifetime mutant counts idling as time the server serves nothing, so that
// slow requests (a 20 MiB part on a loaded machine) never make a correct case see it.
TEST_F(EngineTest, ShortLifetimeMutantExpiresUploadsOnlyAfterAQuietStretch) {
  EngineOptions o = options();
  o.mutant = Mutant::short_upload_lifetime;
  engine = std::make_unique<Engine>(o);
  ASSERT_EQ(error_of(engine->create_repository(repo)), "");
  upload = std::get<Initiated>(engine->initiate_layer_upload(repo)).upload_id;
  auto served = [&](std::int64_t first, std::string_view bytes) {
    Engine::Serving serving(*engine);
    return error_of(part(first, first + static_cast<std::int64_t>(bytes.size()) - 1, bytes));
  };
  ASSERT_EQ(served(0, "a"), "");
  {
    Engine::Serving slow_request(*engine);
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  }
  EXPECT_EQ(served(1, "b"), "") << "a second spent serving is not idling";
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  EXPECT_EQ(served(2, "c"), "UploadNotFoundException") << "a quiet second is";
}

TEST_F(EngineTest, LimitsOfTheProfileGiveLimitExceeded) {
  const Profile& p = engine->profile();
  std::int64_t next = 0;
  for (std::int64_t i = 0; i < p.max_parts_per_layer; ++i, ++next)
    ASSERT_EQ(error_of(part(next, next, "x")), "") << i;
  EXPECT_EQ(error_of(part(next, next, "x")), "LimitExceededException");
  // Open uploads per repository: one is open already.
  for (std::int64_t i = 1; i < p.max_open_uploads_per_repository; ++i)
    ASSERT_EQ(error_of(engine->initiate_layer_upload(repo)), "");
  EXPECT_EQ(error_of(engine->initiate_layer_upload(repo)), "LimitExceededException");
}

TEST_F(EngineTest, RacingPartsOnOneUploadNeverBothSucceed) {
  for (int round = 0; round < engine->profile().max_parts_per_layer; ++round) {
    std::int64_t first = round;
    std::atomic<int> accepted{0};
    std::vector<std::thread> racers;
    for (int t = 0; t < 4; ++t)
      racers.emplace_back([&] { accepted += error_of(part(first, first, "r")).empty(); });
    for (auto& r : racers) r.join();
    ASSERT_EQ(accepted, 1) << "round " << round;
  }
}

TEST_F(EngineTest, BatchCheckAndDeleteRepository) {
  std::string big(engine->profile().min_part_bytes, 'c');
  ASSERT_EQ(error_of(part(0, big.size() - 1, big)), "");
  std::string digest = "sha256:" + Sha256::hex_of(big);
  ASSERT_EQ(error_of(engine->complete_layer_upload(repo, upload, {digest})), "");
  auto check = std::get<nlohmann::json>(
      engine->batch_check_layer_availability(repo, {digest, "sha256:00", "bad"}));
  ASSERT_EQ(check["layers"].size(), 1u);
  EXPECT_EQ(check["layers"][0]["layerSize"], big.size());
  EXPECT_EQ(check["failures"][0]["failureCode"], "MissingLayerDigest");
  EXPECT_EQ(check["failures"][1]["failureCode"], "InvalidLayerDigest");
  EXPECT_EQ(error_of(engine->delete_repository(repo, false)), "RepositoryNotEmptyException");
  EXPECT_EQ(error_of(engine->delete_repository(repo, true)), "");
  EXPECT_EQ(error_of(engine->initiate_layer_upload(repo)), "RepositoryNotFoundException");
}

TEST_F(EngineTest, LayerBytesAreOnDiskInOrder) {
  ASSERT_EQ(error_of(part(0, 2, "abc")), "");
  ASSERT_EQ(error_of(part(3, 4, "de")), "");
  std::ifstream in(engine->data_dir() / "uploads" / upload, std::ios::binary);
  std::string stored((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(stored, "abcde");
}

}  // namespace
}  // namespace ulp::reference
