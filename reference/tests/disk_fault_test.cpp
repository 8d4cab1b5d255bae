// A disk that fails under a durable engine: full, read-only, a file removed behind its back.
// Each is answered 500 ServerException, changes nothing, loses nothing acknowledged, and the
// engine goes on once the fault is gone. The faults are injected (DiskFaults), and a full
// disk is also made real: a small tmpfs in a mount namespace of the test's own.
#include <sched.h>
#include <sys/mount.h>

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/base64.hpp"
#include "core/sha256.hpp"
#include "reference/engine.hpp"
#include "reference/handler.hpp"

namespace ulp::reference {
namespace {

namespace fs = std::filesystem;

class DiskFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "ulp-faults-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir = tmpl;
  }
  void TearDown() override {
    engine.reset();
    if (mounted) ::umount2(dir.c_str(), MNT_DETACH);
    fs::remove_all(dir);
  }
  void start(Profile profile = Profile::load("small")) {
    EngineOptions o;
    o.profile = std::move(profile);
    o.data_dir = dir;
    o.faults = faults;
    engine = std::make_unique<Engine>(o);
    ASSERT_TRUE(std::holds_alternative<nlohmann::json>(engine->create_repository(repo)));
    upload = std::get<Initiated>(engine->initiate_layer_upload(repo)).upload_id;
  }
  // A new engine on the directory, with a sound disk: what the faulty one left.
  void restart_without_faults() {
    engine.reset();
    EngineOptions o;
    o.profile = Profile::load("small");
    o.data_dir = dir;
    engine = std::make_unique<Engine>(o);
  }
  Outcome<PartAccepted> part(std::int64_t first, std::string_view bytes) {
    return engine->upload_layer_part(
        {repo, upload, first, first + static_cast<std::int64_t>(bytes.size()) - 1, bytes});
  }
  std::int64_t last_valid_byte() {
    auto r = engine->upload_layer_part({repo, upload, 1 << 30, (1 << 30) + 15, "0123456789abcdef"});
    return std::get<Error>(r).members.value("lastValidByteReceived", std::int64_t{-1});
  }
  static std::string error_of(const auto& outcome) {
    auto* e = std::get_if<Error>(&outcome);
    return e ? e->type : "";
  }
  static std::string message_of(const auto& outcome) {
    auto* e = std::get_if<Error>(&outcome);
    return e ? e->message : "";
  }
  // Every fault the same way: refused as the service's fault, nothing changed, and once it is
  // gone the same part is taken and the layer's digest is its bytes'.
  void check_fault_changes_nothing(int err) {
    start();
    const std::string a(16, 'a'), b(16, 'b');
    ASSERT_EQ(error_of(part(0, a)), "");
    const auto journal_size = fs::file_size(dir / "journal");
    faults->write_error = err;
    auto refused = part(16, b);
    EXPECT_EQ(error_of(refused), "ServerException");
    EXPECT_NE(message_of(refused).find(std::strerror(err)), std::string::npos)
        << message_of(refused);
    EXPECT_EQ(error_of(engine->initiate_layer_upload(repo)), "ServerException");
    EXPECT_EQ(error_of(engine->create_repository({"", "another"})), "ServerException");
    const std::string digest = "sha256:" + Sha256::hex_of(a + b);
    faults->write_error = 0;
    ASSERT_EQ(error_of(part(16, b)), "");
    faults->write_error = err;
    EXPECT_EQ(error_of(engine->complete_layer_upload(repo, upload, {digest})), "ServerException");
    faults->write_error = 0;
    EXPECT_GT(fs::file_size(dir / "journal"), journal_size);
    // The fault changed nothing: as if it had never been, after a restart too.
    restart_without_faults();
    EXPECT_EQ(last_valid_byte(), 31);
    EXPECT_EQ(error_of(engine->complete_layer_upload(repo, upload, {digest})), "");
  }

  fs::path dir;
  bool mounted = false;
  std::shared_ptr<DiskFaults> faults = std::make_shared<DiskFaults>();
  RepositoryRef repo{"", "layer-test"};
  std::unique_ptr<Engine> engine;
  std::string upload;
};

TEST_F(DiskFaultTest, AFullDiskChangesNothingAndTheUploadGoesOnOnceThereIsSpace) {
  check_fault_changes_nothing(ENOSPC);
}

TEST_F(DiskFaultTest, AReadOnlyDirectoryChangesNothingAndTheUploadGoesOnOnceWritable) {
  check_fault_changes_nothing(EROFS);
}

TEST_F(DiskFaultTest, AnUploadFileRemovedBehindTheServerIsGivenBackWhole) {
  start();
  const std::string a(16, 'a'), b(16, 'b');
  ASSERT_EQ(error_of(part(0, a)), "");
  fs::remove(dir / "uploads" / upload);
  auto refused = part(16, b);
  EXPECT_EQ(error_of(refused), "ServerException");
  EXPECT_NE(message_of(refused).find("removed"), std::string::npos) << message_of(refused);
  ASSERT_TRUE(fs::exists(dir / "uploads" / upload));  // its name is back, with its bytes
  EXPECT_EQ(fs::file_size(dir / "uploads" / upload), 16u);
  ASSERT_EQ(error_of(part(16, b)), "");
  EXPECT_EQ(
      error_of(engine->complete_layer_upload(repo, upload, {"sha256:" + Sha256::hex_of(a + b)})),
      "");
}

TEST_F(DiskFaultTest, TheJournalRemovedBehindTheServerIsGivenBack) {
  start();
  ASSERT_EQ(error_of(part(0, std::string(16, 'a'))), "");
  fs::remove(dir / "journal");
  ASSERT_EQ(error_of(part(16, std::string(16, 'b'))), "");
  ASSERT_TRUE(fs::exists(dir / "journal"));
  restart_without_faults();
  EXPECT_EQ(last_valid_byte(), 31);
}

TEST_F(DiskFaultTest, ADiskFaultIsAnsweredWithHttp500) {
  start();
  Handler handler(*engine);
  faults->write_error = ENOSPC;
  HttpRequest request;
  request.headers.emplace("Content-Type", Spec::get().protocol.content_type);
  request.headers.emplace(Spec::get().protocol.target_header,
                          Spec::get().protocol.target_prefix + ".UploadLayerPart");
  request.body = nlohmann::json{{"repositoryName", repo.name},
                                {"uploadId", upload},
                                {"partFirstByte", 0},
                                {"partLastByte", 15},
                                {"layerPartBlob", base64::encode(std::string(16, 'a'))}}
                     .dump();
  HttpResponse r = handler.handle(request);
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(nlohmann::json::parse(r.body).value("__type", ""), "ServerException") << r.body;
}

// A real full disk: a tmpfs of 256 KiB, in a mount namespace only this test process sees.
TEST_F(DiskFaultTest, ARealFullTmpfsIsAnsweredAsAFaultAndSpaceComingBackEndsIt) {
  if (::unshare(CLONE_NEWNS) != 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr))
    GTEST_SKIP() << "no mount namespace here (" << std::strerror(errno) << "): the injected "
                 << "faults above stand for it";
  if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=256k") != 0)
    GTEST_SKIP() << "cannot mount a tmpfs (" << std::strerror(errno) << ")";
  mounted = true;
  Profile roomy = Profile::load("small");
  roomy.min_part_bytes = 1;
  roomy.max_part_bytes = 64 << 10;
  roomy.max_parts_per_layer = 1000;
  roomy.max_layer_bytes = 64 << 20;
  start(roomy);
  const std::string chunk(48 << 10, 'z');
  std::int64_t at = 0;
  std::string sent;
  for (int i = 0; i < 20; ++i) {
    auto r = part(at, chunk);
    if (!error_of(r).empty()) {
      EXPECT_EQ(error_of(r), "ServerException");
      EXPECT_NE(message_of(r).find(std::strerror(ENOSPC)), std::string::npos) << message_of(r);
      break;
    }
    at += static_cast<std::int64_t>(chunk.size());
    sent += chunk;
  }
  ASSERT_GT(at, 0);
  ASSERT_LT(at, 20 * static_cast<std::int64_t>(chunk.size())) << "the disk never filled";
  EXPECT_EQ(fs::file_size(dir / "uploads" / upload), static_cast<std::uintmax_t>(at));
  EXPECT_EQ(last_valid_byte(), at - 1);
  ASSERT_EQ(::mount(nullptr, dir.c_str(), nullptr, MS_REMOUNT, "size=4m"), 0)
      << std::strerror(errno);
  ASSERT_EQ(error_of(part(at, chunk)), "");
  sent += chunk;
  EXPECT_EQ(
      error_of(engine->complete_layer_upload(repo, upload, {"sha256:" + Sha256::hex_of(sent)})),
      "");
}

}  // namespace
}  // namespace ulp::reference
