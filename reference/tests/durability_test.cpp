// A durable data directory (--data-dir): what an engine acknowledged, the next engine on the
// same directory has, whatever happened in between; and what it cannot trust, it repairs and
// says so.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/sha256.hpp"
#include "reference/engine.hpp"

namespace ulp::reference {
namespace {

namespace fs = std::filesystem;

class DurabilityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "ulp-durable-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir = tmpl;
    start();
    ASSERT_TRUE(std::holds_alternative<nlohmann::json>(engine->create_repository(repo)));
    upload = std::get<Initiated>(engine->initiate_layer_upload(repo)).upload_id;
  }
  void TearDown() override {
    engine.reset();
    fs::remove_all(dir);
  }
  EngineOptions options(Mutant mutant = Mutant::none) {
    EngineOptions o;
    o.profile = Profile::load("small");
    o.data_dir = dir;
    o.now_seconds = [this] { return clock; };
    o.mutant = mutant;
    return o;
  }
  // A stop (or a crash: the engine keeps nothing the journal does not) and a new start.
  void start(Mutant mutant = Mutant::none) {
    engine.reset();
    engine = std::make_unique<Engine>(options(mutant));
  }
  Outcome<PartAccepted> part(std::int64_t first, std::string_view bytes) {
    return engine->upload_layer_part(
        {repo, upload, first, first + static_cast<std::int64_t>(bytes.size()) - 1, bytes});
  }
  std::optional<std::int64_t> last_valid_byte() {  // as a refused part tells it
    auto r = engine->upload_layer_part({repo, upload, 1 << 20, (1 << 20) + 15, bytes16('?')});
    const auto& e = std::get<Error>(r);
    EXPECT_EQ(e.type, "InvalidLayerPartException");
    if (!e.members.contains("lastValidByteReceived")) return std::nullopt;
    return e.members["lastValidByteReceived"].get<std::int64_t>();
  }
  static std::string bytes16(char c) { return std::string(16, c); }
  static std::string error_of(const auto& outcome) {
    auto* e = std::get_if<Error>(&outcome);
    return e ? e->type : "";
  }
  fs::path upload_file() const { return dir / "uploads" / upload; }
  void append_to_journal(const std::string& text) {
    std::ofstream(dir / "journal", std::ios::app | std::ios::binary) << text;
  }

  fs::path dir;
  std::int64_t clock = 1000;
  RepositoryRef repo{"", "layer-test"};
  std::unique_ptr<Engine> engine;
  std::string upload;
};

TEST_F(DurabilityTest, UploadsGoOnAfterARestartAndTheirDigestCoversEveryByte) {
  ASSERT_EQ(error_of(part(0, bytes16('a'))), "");
  start();
  EXPECT_EQ(engine->recovery().uploads, 1);
  EXPECT_EQ(engine->recovery().upload_bytes, 16);
  EXPECT_EQ(last_valid_byte(), 15);
  ASSERT_EQ(error_of(part(16, bytes16('b'))), "");
  start();
  const std::string digest = "sha256:" + Sha256::hex_of(bytes16('a') + bytes16('b'));
  auto done = engine->complete_layer_upload(repo, upload, {digest});
  ASSERT_EQ(error_of(done), "");
  start();
  auto seen = std::get<nlohmann::json>(engine->batch_check_layer_availability(repo, {digest}));
  ASSERT_EQ(seen["layers"].size(), 1u) << seen;
  EXPECT_EQ(seen["layers"][0]["layerSize"], 32);
  EXPECT_EQ(error_of(engine->complete_layer_upload(repo, upload, {digest})),
            "UploadNotFoundException");
  EXPECT_EQ(engine->recovery().summary(dir).find("nothing to repair") != std::string::npos, true)
      << engine->recovery().summary(dir);
}

TEST_F(DurabilityTest, AnUploadWithoutPartsAndARepositoryDeletedSurviveAsTheyWere) {
  auto other = std::get<Initiated>(engine->initiate_layer_upload(repo)).upload_id;
  ASSERT_TRUE(std::holds_alternative<nlohmann::json>(engine->create_repository({"", "gone-soon"})));
  ASSERT_TRUE(
      std::holds_alternative<nlohmann::json>(engine->delete_repository({"", "gone-soon"}, false)));
  start();
  EXPECT_EQ(engine->recovery().uploads, 2);
  EXPECT_EQ(engine->recovery().repositories, 1);
  EXPECT_EQ(last_valid_byte(), std::nullopt);  // no byte yet
  EXPECT_EQ(error_of(engine->initiate_layer_upload({"", "gone-soon"})),
            "RepositoryNotFoundException");
  EXPECT_EQ(error_of(engine->upload_layer_part({repo, other, 0, 15, bytes16('c')})), "");
}

TEST_F(DurabilityTest, UploadLifetimeRunsAcrossRestarts) {
  ASSERT_EQ(error_of(part(0, bytes16('a'))), "");
  const std::int64_t lifetime = Profile::load("small").upload_lifetime_seconds;
  clock += lifetime - 1;
  start();
  EXPECT_EQ(engine->recovery().uploads, 1);
  clock += 2;  // past the lifetime, counted from the last part before the restart
  start();
  EXPECT_EQ(engine->recovery().uploads, 0);
  EXPECT_EQ(engine->recovery().expired_uploads, 1);
  EXPECT_FALSE(fs::exists(upload_file()));
  EXPECT_EQ(error_of(part(16, bytes16('b'))), "UploadNotFoundException");
}

TEST_F(DurabilityTest, BytesNoPartAcknowledgedAreCutAtStart) {
  ASSERT_EQ(error_of(part(0, bytes16('a'))), "");
  engine.reset();
  // A crash after the bytes of the next part reached the file and before its journal line.
  std::ofstream(upload_file(), std::ios::app | std::ios::binary) << "unacknowledged";
  start();
  EXPECT_EQ(engine->recovery().cut_uploads, 1);
  EXPECT_EQ(engine->recovery().cut_bytes, 14);
  EXPECT_NE(engine->recovery().summary(dir).find("cut 14 unacknowledged bytes from 1 upload"),
            std::string::npos);
  EXPECT_EQ(fs::file_size(upload_file()), 16u);
  ASSERT_EQ(error_of(part(16, bytes16('b'))), "");
  const std::string digest = "sha256:" + Sha256::hex_of(bytes16('a') + bytes16('b'));
  EXPECT_EQ(error_of(engine->complete_layer_upload(repo, upload, {digest})), "");
}

TEST_F(DurabilityTest, TheRecoveryKeepsTailMutantCorruptsTheLayer) {
  ASSERT_EQ(error_of(part(0, bytes16('a'))), "");
  engine.reset();
  std::ofstream(upload_file(), std::ios::app | std::ios::binary) << "unacknowledged";
  start(Mutant::recovery_keeps_tail);
  ASSERT_EQ(error_of(part(16, bytes16('b'))), "");
  const std::string digest = "sha256:" + Sha256::hex_of(bytes16('a') + bytes16('b'));
  EXPECT_EQ(error_of(engine->complete_layer_upload(repo, upload, {digest})),
            "InvalidLayerException");
}

TEST_F(DurabilityTest, AnUploadWhoseFileLostBytesGoesBackToAPartBoundaryAndSaysSo) {
  ASSERT_EQ(error_of(part(0, bytes16('a'))), "");
  ASSERT_EQ(error_of(part(16, bytes16('b'))), "");
  engine.reset();
  // What a power cut under --fsync never can leave: the journal ahead of the bytes.
  fs::resize_file(upload_file(), 20);
  start();
  EXPECT_EQ(engine->recovery().rewound_uploads, 1);
  EXPECT_EQ(engine->recovery().rewound_bytes, 4);
  EXPECT_NE(engine->recovery().summary(dir).find("back to the last part boundary"),
            std::string::npos);
  EXPECT_EQ(last_valid_byte(), 15);
  EXPECT_EQ(fs::file_size(upload_file()), 16u);
}

TEST_F(DurabilityTest, ATornLastJournalLineIsCutAndADamagedOneBeforeTheEndIsRefused) {
  ASSERT_EQ(error_of(part(0, bytes16('a'))), "");
  engine.reset();
  append_to_journal("0123abcd {\"op\":\"part\",\"id\":");  // a crash in the middle of a line
  start();
  EXPECT_TRUE(engine->recovery().torn_line);
  EXPECT_EQ(last_valid_byte(), 15);
  engine.reset();
  std::stringstream journal;
  journal << std::ifstream(dir / "journal").rdbuf();
  std::ofstream(dir / "journal", std::ios::binary) << "garbage\n" << journal.str();
  try {
    start();
    FAIL() << "a damaged line before the end was read";
  } catch (const JournalError& e) {
    EXPECT_NE(std::string(e.what()).find("damaged at line"), std::string::npos) << e.what();
  }
}

TEST_F(DurabilityTest, ASecondEngineOnTheDirectoryIsRefused) {
  try {
    Engine second(options());
    FAIL() << "two engines share " << dir;
  } catch (const JournalError& e) {
    EXPECT_NE(std::string(e.what()).find("in use by another ulp-reference-server"),
              std::string::npos)
        << e.what();
  }
  engine.reset();
  EXPECT_NO_THROW(Engine again(options()));  // the lock goes with the engine
}

TEST_F(DurabilityTest, ADirectoryOfANewerFormatIsRefusedAndLeftAlone) {
  engine.reset();
  std::ofstream(dir / "format") << "ulp-reference-data 2\n";
  const auto journal_before = fs::file_size(dir / "journal");
  try {
    start();
    FAIL() << "a newer format was read";
  } catch (const JournalError& e) {
    EXPECT_NE(std::string(e.what()).find("format 2 by a newer ulp-reference-server"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(fs::file_size(dir / "journal"), journal_before);
  std::ofstream(dir / "format") << "something-else 1\n";
  EXPECT_THROW(start(), JournalError);
}

TEST_F(DurabilityTest, LeftoverFilesGoAndTheJournalIsCompacted) {
  for (int i = 0; i < 4; ++i) ASSERT_EQ(error_of(part(16 * i, bytes16('a'))), "");
  std::ofstream(dir / "uploads" / "not-an-upload") << "x";
  const auto before = fs::file_size(dir / "journal");
  start();
  EXPECT_EQ(engine->recovery().leftover_files, 1);
  EXPECT_FALSE(fs::exists(dir / "uploads" / "not-an-upload"));
  EXPECT_LE(fs::file_size(dir / "journal"), before);
  EXPECT_EQ(last_valid_byte(), 63);
}

TEST_F(DurabilityTest, TheAckBeforeDurableMutantLosesTheLastAcknowledgedPart) {
  start(Mutant::ack_before_durable);
  ASSERT_EQ(error_of(part(0, bytes16('a'))), "");
  ASSERT_EQ(error_of(part(16, bytes16('b'))), "");
  start();  // as after a crash: the second part was acknowledged, never journaled
  EXPECT_EQ(last_valid_byte(), 15);
}

}  // namespace
}  // namespace ulp::reference
