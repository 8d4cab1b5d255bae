// The engine under concurrent calls, as the server makes them (one thread per request): every
// answer must be one a serial order of the same calls could give, and the state left behind
// must be exactly what the accepted calls made. tools/tsan runs these under ThreadSanitizer
// (tsan.engine), which also catches the data races that happen not to change an answer.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/sha256.hpp"
#include "reference/engine.hpp"

namespace ulp::reference {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The small profile with room for many uploads and parts, so that only the races decide.
Profile roomy_profile() {
  Profile p = Profile::load("small");
  p.max_parts_per_layer = 10000;
  p.max_layer_bytes = std::int64_t{1} << 30;
  p.max_open_uploads_per_repository = 10000;
  return p;
}

std::string error_of(const auto& outcome) {
  auto* e = std::get_if<Error>(&outcome);
  return e ? e->type : "";
}

// `n` bytes that differ with `seed`, so that no two parts or layers of a test are alike.
std::string bytes_of(std::size_t n, std::uint64_t seed) {
  std::string s(n, '\0');
  std::uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
  for (auto& c : s) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    c = static_cast<char>(x);
  }
  return s;
}

std::string digest_of(std::string_view bytes) {
  return "sha256:" + Sha256::hex_of(bytes);
}

// A test's thread count: enough to race on two cores, few enough for ThreadSanitizer.
constexpr int kThreads = 8;

class EngineConcurrencyTest : public ::testing::Test {
 protected:
  EngineOptions options() {
    EngineOptions o;
    o.profile = roomy_profile();
    o.seed = 7;
    o.now_seconds = [this] { return clock.load(); };
    return o;
  }
  void SetUp() override { engine = std::make_unique<Engine>(options()); }

  RepositoryRef repository(const std::string& name) {
    RepositoryRef ref{"", name};
    if (!std::holds_alternative<json>(engine->create_repository(ref)))
      ADD_FAILURE() << "cannot create " << name;
    return ref;
  }
  std::string initiate(const RepositoryRef& ref) {
    auto r = engine->initiate_layer_upload(ref);
    if (auto* e = std::get_if<Error>(&r)) {
      ADD_FAILURE() << "initiate: " << e->type;
      return "";
    }
    return std::get<Initiated>(r).upload_id;
  }
  Outcome<PartAccepted> part(const RepositoryRef& ref, const std::string& id, std::int64_t first,
                             std::string_view bytes) {
    return engine->upload_layer_part(
        {ref, id, first, first + static_cast<std::int64_t>(bytes.size()) - 1, bytes});
  }
  // The layers BatchCheckLayerAvailability finds among `digests`: digest -> size.
  std::map<std::string, std::int64_t> available(const RepositoryRef& ref,
                                                const std::vector<std::string>& digests) {
    std::map<std::string, std::int64_t> out;
    auto r = engine->batch_check_layer_availability(ref, digests);
    if (auto* e = std::get_if<Error>(&r)) {
      ADD_FAILURE() << "batch check: " << e->type;
      return out;
    }
    for (const auto& layer : std::get<json>(r)["layers"])
      out[layer["layerDigest"].get<std::string>()] = layer["layerSize"].get<std::int64_t>();
    return out;
  }

  std::atomic<std::int64_t> clock{1000};
  std::unique_ptr<Engine> engine;
};

TEST_F(EngineConcurrencyTest, ManyThreadsUploadToTheirOwnUploadsAtOnce) {
  constexpr int kParts = 40;
  const RepositoryRef shared = repository("shared");
  std::vector<std::string> layers(kThreads);
  std::vector<std::string> digests(kThreads);
  std::barrier start(kThreads);
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        // Half the threads share a repository, the others have one each.
        const RepositoryRef ref = t % 2 ? shared : RepositoryRef{"", "own-" + std::to_string(t)};
        if (t % 2 == 0) engine->create_repository(ref);
        const std::string id = initiate(ref);
        start.arrive_and_wait();
        std::string& kept = layers[t];
        for (int i = 0; i < kParts; ++i) {
          const std::string bytes = bytes_of(16 + (i * 7 + t) % 49, t * 1000 + i);
          auto r = part(ref, id, static_cast<std::int64_t>(kept.size()), bytes);
          ASSERT_EQ(error_of(r), "") << "thread " << t << ", part " << i;
          EXPECT_EQ(std::get<PartAccepted>(r).last_byte_received,
                    static_cast<std::int64_t>(kept.size() + bytes.size()) - 1);
          kept += bytes;
        }
        auto running = engine->running_digest(id);
        ASSERT_TRUE(running.has_value());
        EXPECT_EQ(running->size, static_cast<std::int64_t>(kept.size()));
        digests[t] = digest_of(kept);
        auto done = engine->complete_layer_upload(ref, id, {digests[t]});
        ASSERT_EQ(error_of(done), "") << "thread " << t;
        EXPECT_EQ(std::get<Completed>(done).layer_digest, digests[t]);
      });
    }
  }
  for (int t = 0; t < kThreads; ++t) {
    const RepositoryRef ref = t % 2 ? shared : RepositoryRef{"", "own-" + std::to_string(t)};
    auto found = available(ref, {digests[t]});
    ASSERT_EQ(found.count(digests[t]), 1u) << "thread " << t;
    EXPECT_EQ(found[digests[t]], static_cast<std::int64_t>(layers[t].size()));
  }
}

TEST_F(EngineConcurrencyTest, PartsRacingOnOneUploadExactlyOneIsAcceptedAndTheDigestIsTheirs) {
  constexpr int kRounds = 60;
  const RepositoryRef ref = repository("race");
  const std::string id = initiate(ref);
  std::string kept;
  for (int round = 0; round < kRounds; ++round) {
    const auto first = static_cast<std::int64_t>(kept.size());
    const std::size_t size = 16 + round % 49;
    std::vector<std::string> bytes;
    for (int t = 0; t < kThreads; ++t) bytes.push_back(bytes_of(size, round * 100 + t));
    std::vector<Outcome<PartAccepted>> answers(kThreads, Error{});
    std::barrier start(kThreads);
    {
      std::vector<std::jthread> racers;
      for (int t = 0; t < kThreads; ++t)
        racers.emplace_back([&, t] {
          start.arrive_and_wait();
          answers[t] = part(ref, id, first, bytes[t]);
        });
    }
    int accepted = 0;
    const std::int64_t last = first + static_cast<std::int64_t>(size) - 1;
    for (int t = 0; t < kThreads; ++t) {
      if (error_of(answers[t]).empty()) {
        ++accepted;
        kept += bytes[t];
        EXPECT_EQ(std::get<PartAccepted>(answers[t]).last_byte_received, last);
      } else {
        const Error& e = std::get<Error>(answers[t]);
        ASSERT_EQ(e.type, "InvalidLayerPartException") << "round " << round;
        EXPECT_EQ(e.members["lastValidByteReceived"], last)
            << "round " << round << ": refused only because another part was accepted";
      }
    }
    ASSERT_EQ(accepted, 1) << "round " << round;
  }
  auto running = engine->running_digest(id);
  ASSERT_TRUE(running.has_value());
  EXPECT_EQ(running->sha.digest(), digest_of(kept));
  auto done = engine->complete_layer_upload(ref, id, {digest_of(kept)});
  ASSERT_EQ(error_of(done), "");
  EXPECT_EQ(std::get<Completed>(done).layer_digest, digest_of(kept));
  EXPECT_EQ(available(ref, {digest_of(kept)})[digest_of(kept)],
            static_cast<std::int64_t>(kept.size()));
}

// A completion and parts for the same upload at once: the layer is the bytes of the parts
// accepted, every one of them, and no part is accepted after the completion.
TEST_F(EngineConcurrencyTest, CompletionRacingPartsKeepsExactlyTheAcceptedParts) {
  constexpr int kRounds = 40;
  constexpr int kPartThreads = kThreads - 1;
  const RepositoryRef ref = repository("complete-race");
  for (int round = 0; round < kRounds; ++round) {
    const std::string id = initiate(ref);
    const std::string head = bytes_of(16, round * 1000 + 999);
    ASSERT_EQ(error_of(part(ref, id, 0, head)), "");
    std::vector<std::string> bytes;
    for (int t = 0; t < kPartThreads; ++t) bytes.push_back(bytes_of(16, round * 1000 + t));
    std::vector<Outcome<PartAccepted>> answers(kPartThreads, Error{});
    Outcome<Completed> completed = Error{};
    std::barrier start(kThreads);
    {
      std::vector<std::jthread> threads;
      for (int t = 0; t < kPartThreads; ++t)
        threads.emplace_back([&, t] {
          start.arrive_and_wait();
          answers[t] = part(ref, id, 16, bytes[t]);
        });
      threads.emplace_back([&] {
        start.arrive_and_wait();
        // No digest named: the layer is whatever the upload holds when the completion runs.
        completed = engine->complete_layer_upload(ref, id, {});
      });
    }
    ASSERT_EQ(error_of(completed), "") << "round " << round;
    std::string layer = head;
    int accepted = 0;
    for (int t = 0; t < kPartThreads; ++t) {
      const std::string e = error_of(answers[t]);
      if (e.empty()) {
        ++accepted;
        layer += bytes[t];
      } else {
        EXPECT_TRUE(e == "InvalidLayerPartException" || e == "UploadNotFoundException")
            << "round " << round << ": " << e;
      }
    }
    ASSERT_LE(accepted, 1) << "round " << round;
    EXPECT_EQ(std::get<Completed>(completed).layer_digest, digest_of(layer)) << "round " << round;
    EXPECT_EQ(available(ref, {digest_of(layer)})[digest_of(layer)],
              static_cast<std::int64_t>(layer.size()));
    EXPECT_EQ(error_of(part(ref, id, static_cast<std::int64_t>(layer.size()), bytes[0])),
              "UploadNotFoundException");
  }
}

TEST_F(EngineConcurrencyTest, TwoCompletionsRacingExactlyOneSucceeds) {
  constexpr int kRounds = 40;
  const RepositoryRef ref = repository("complete-twice");
  for (int round = 0; round < kRounds; ++round) {
    // The same upload completed twice, and two uploads of the same bytes completed at once.
    const std::string bytes = bytes_of(16 + round, round);
    const std::string digest = digest_of(bytes);
    const std::string same = initiate(ref);
    const std::string twin[2] = {initiate(ref), initiate(ref)};
    ASSERT_EQ(error_of(part(ref, same, 0, bytes)), "");
    const std::string other = bytes_of(16 + round, round + 100000);
    for (const auto& id : twin) ASSERT_EQ(error_of(part(ref, id, 0, other)), "");
    Outcome<Completed> answers[4] = {Error{}, Error{}, Error{}, Error{}};
    std::barrier start(4);
    {
      std::jthread threads[4];
      for (int t = 0; t < 4; ++t)
        threads[t] = std::jthread([&, t] {
          start.arrive_and_wait();
          if (t < 2)
            answers[t] = engine->complete_layer_upload(ref, same, {digest});
          else
            answers[t] = engine->complete_layer_upload(ref, twin[t - 2], {digest_of(other)});
        });
    }
    const std::string a = error_of(answers[0]), b = error_of(answers[1]);
    ASSERT_TRUE((a.empty() && b == "UploadNotFoundException") ||
                (b.empty() && a == "UploadNotFoundException"))
        << "round " << round << ": '" << a << "' and '" << b << "'";
    const std::string c = error_of(answers[2]), d = error_of(answers[3]);
    ASSERT_TRUE((c.empty() && d == "LayerAlreadyExistsException") ||
                (d.empty() && c == "LayerAlreadyExistsException"))
        << "round " << round << ": '" << c << "' and '" << d << "'";
    auto found = available(ref, {digest, digest_of(other)});
    EXPECT_EQ(found[digest], static_cast<std::int64_t>(bytes.size()));
    EXPECT_EQ(found[digest_of(other)], static_cast<std::int64_t>(other.size()));
  }
}

// DeleteRepository while parts and initiates are in flight for it: every answer is one the
// repository's existence at some instant explains, nothing of it survives the deletion (also
// across a restart of a durable engine), and a repository of the same name starts empty.
TEST_F(EngineConcurrencyTest, DeleteRepositoryRacingPartsAndInitiates) {
  const fs::path dir =
      fs::temp_directory_path() / ("ulp-engine-concurrency-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  auto durable = [&] {
    EngineOptions o = options();
    o.data_dir = dir;
    o.fsync = FsyncPolicy::never;
    return o;
  };
  constexpr int kRounds = 15;
  for (int round = 0; round < kRounds; ++round) {
    engine.reset();
    engine = std::make_unique<Engine>(durable());
    const RepositoryRef ref = repository("doomed");
    const RepositoryRef kept_ref = round == 0 ? repository("kept") : RepositoryRef{"", "kept"};
    std::vector<std::string> ids;
    for (int t = 0; t < kThreads - 2; ++t) ids.push_back(initiate(ref));
    const std::string kept_id = initiate(kept_ref);
    std::string kept_bytes;
    std::atomic<bool> deleted{false};
    std::barrier start(kThreads);
    {
      std::vector<std::jthread> threads;
      for (int t = 0; t < kThreads - 2; ++t)
        threads.emplace_back([&, t] {
          start.arrive_and_wait();
          std::int64_t next = 0;
          for (int i = 0; i < 30; ++i) {
            const bool after = deleted.load();
            auto r = part(ref, ids[t], next, bytes_of(16, round * 10000 + t * 100 + i));
            const std::string e = error_of(r);
            if (e.empty()) {
              ASSERT_FALSE(after) << "a part accepted after its repository was deleted";
              next += 16;
            } else {
              ASSERT_TRUE(e == "RepositoryNotFoundException" || e == "UploadNotFoundException")
                  << e;
            }
          }
        });
      threads.emplace_back([&] {  // initiates
        start.arrive_and_wait();
        for (int i = 0; i < 30; ++i) {
          const bool after = deleted.load();
          auto r = engine->initiate_layer_upload(ref);
          const std::string e = error_of(r);
          if (e.empty()) {
            ASSERT_FALSE(after) << "an upload initiated after its repository was deleted";
            // Its parts are refused once the repository is gone.
            auto p = part(ref, std::get<Initiated>(r).upload_id, 0, bytes_of(16, i));
            ASSERT_TRUE(error_of(p).empty() || error_of(p) == "RepositoryNotFoundException" ||
                        error_of(p) == "UploadNotFoundException")
                << error_of(p);
          } else {
            ASSERT_EQ(e, "RepositoryNotFoundException");
          }
        }
      });
      threads.emplace_back([&] {  // the deletion, and parts to another repository meanwhile
        start.arrive_and_wait();
        for (int i = 0; i < 10; ++i) {
          const std::string bytes = bytes_of(16, round * 10000 + 9000 + i);
          ASSERT_EQ(error_of(part(kept_ref, kept_id, static_cast<std::int64_t>(kept_bytes.size()),
                                  bytes)),
                    "");
          kept_bytes += bytes;
          if (i == 3) {
            ASSERT_EQ(error_of(engine->delete_repository(ref, true)), "");
            deleted = true;
          }
        }
      });
    }
    for (const auto& id : ids)
      EXPECT_EQ(error_of(part(ref, id, 0, bytes_of(16, 1))), "RepositoryNotFoundException");
    EXPECT_EQ(error_of(engine->initiate_layer_upload(ref)), "RepositoryNotFoundException");

    // A restart finds the other repository's upload where it was, and nothing of the deleted.
    engine.reset();
    engine = std::make_unique<Engine>(durable());
    EXPECT_EQ(error_of(engine->initiate_layer_upload(ref)), "RepositoryNotFoundException");
    auto running = engine->running_digest(kept_id);
    ASSERT_TRUE(running.has_value()) << "round " << round;
    EXPECT_EQ(running->sha.digest(), digest_of(kept_bytes));
    for (const auto& id : ids) EXPECT_FALSE(engine->running_digest(id).has_value());
    ASSERT_EQ(error_of(engine->create_repository(ref)), "");
    for (const auto& id : ids)
      EXPECT_EQ(error_of(part(ref, id, 0, bytes_of(16, 1))), "UploadNotFoundException");
    ASSERT_EQ(error_of(engine->complete_layer_upload(kept_ref, kept_id, {digest_of(kept_bytes)})),
              "");
    EXPECT_EQ(error_of(engine->delete_repository(ref, false)), "") << "it holds no layer";
  }
  engine.reset();
  fs::remove_all(dir);
}

// InitiateLayerUpload sweeps ended uploads once the table has grown past its threshold (1,024
// entries); that sweep runs while parts arrive for uploads that are alive. Those must never be
// dropped, and the expired ones must all be.
TEST_F(EngineConcurrencyTest, UploadSweepRacingPartsDropsOnlyEndedUploads) {
  const RepositoryRef ref = repository("sweep");
  std::vector<std::string> expired;
  for (int i = 0; i < 700; ++i) expired.push_back(initiate(ref));
  clock += engine->profile().upload_lifetime_seconds + 1;
  constexpr int kPartThreads = kThreads / 2;
  std::vector<std::string> live, layers(kPartThreads);
  for (int t = 0; t < kPartThreads; ++t) live.push_back(initiate(ref));
  std::atomic<int> initiated{0};
  std::barrier start(kThreads);
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < kPartThreads; ++t)
      threads.emplace_back([&, t] {
        start.arrive_and_wait();
        for (int i = 0; i < 200 && (i < 20 || initiated.load() < 1400); ++i) {
          const std::string bytes = bytes_of(16, t * 1000 + i);
          auto r = part(ref, live[t], static_cast<std::int64_t>(layers[t].size()), bytes);
          ASSERT_EQ(error_of(r), "") << "thread " << t << ", part " << i;
          layers[t] += bytes;
        }
      });
    for (int t = kPartThreads; t < kThreads; ++t)
      threads.emplace_back([&] {
        start.arrive_and_wait();
        // Together past the threshold (1,024 with the 704 above), and past it again once the
        // first sweep has dropped the 700 expired.
        for (int i = 0; i < 1400 / kPartThreads; ++i) {
          ASSERT_EQ(error_of(engine->initiate_layer_upload(ref)), "");
          ++initiated;
        }
      });
  }
  for (const auto& id : expired)
    ASSERT_EQ(error_of(part(ref, id, 0, bytes_of(16, 1))), "UploadNotFoundException");
  for (int t = 0; t < kPartThreads; ++t) {
    auto done = engine->complete_layer_upload(ref, live[t], {digest_of(layers[t])});
    ASSERT_EQ(error_of(done), "") << "thread " << t;
  }
}

// BatchCheckLayerAvailability while layers are completed: each answer names every digest
// once, a layer once seen stays seen, and one completed before the check began is seen.
TEST_F(EngineConcurrencyTest, BatchCheckRacingCompletionsSeesEachLayerWhole) {
  constexpr int kLayers = 60;
  const RepositoryRef ref = repository("check-race");
  std::vector<std::string> ids, bytes, digests;
  for (int i = 0; i < kLayers; ++i) {
    ids.push_back(initiate(ref));
    bytes.push_back(bytes_of(16 + i % 49, i));
    digests.push_back(digest_of(bytes.back()));
    ASSERT_EQ(error_of(part(ref, ids.back(), 0, bytes.back())), "");
  }
  constexpr int kCompleters = kThreads / 2;
  std::atomic<int> completed{0};
  std::barrier start(kThreads);
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < kCompleters; ++t)
      threads.emplace_back([&, t] {
        start.arrive_and_wait();
        for (int i = t; i < kLayers; i += kCompleters) {
          ASSERT_EQ(error_of(engine->complete_layer_upload(ref, ids[i], {digests[i]})), "");
          ++completed;
        }
      });
    for (int t = kCompleters; t < kThreads; ++t)
      threads.emplace_back([&] {
        start.arrive_and_wait();
        std::set<std::string> seen;
        while (true) {
          const int before = completed.load();
          auto r = engine->batch_check_layer_availability(ref, digests);
          ASSERT_EQ(error_of(r), "");
          const json& answer = std::get<json>(r);
          ASSERT_EQ(answer["layers"].size() + answer["failures"].size(), digests.size());
          std::set<std::string> now;
          for (const auto& layer : answer["layers"]) {
            const auto d = layer["layerDigest"].get<std::string>();
            const auto i = std::find(digests.begin(), digests.end(), d) - digests.begin();
            ASSERT_LT(i, kLayers) << d;
            EXPECT_EQ(layer["layerSize"], bytes[i].size());
            now.insert(d);
          }
          for (const auto& failure : answer["failures"])
            ASSERT_EQ(failure["failureCode"], "MissingLayerDigest");
          for (const auto& d : seen) ASSERT_TRUE(now.count(d)) << d << " was seen, then not";
          ASSERT_GE(static_cast<int>(now.size()), before);
          seen = std::move(now);
          if (before == kLayers) break;
          // A breath between checks: the shared lock they take would otherwise be held by one
          // checker or another all the time, and the completions (which need it alone) wait.
          std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
      });
  }
  EXPECT_EQ(available(ref, digests).size(), static_cast<std::size_t>(kLayers));
}

}  // namespace
}  // namespace ulp::reference
