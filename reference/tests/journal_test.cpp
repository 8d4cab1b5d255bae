// The journal on its own: compaction while running keeps its size with the state, not the
// history, and what it reads back is the state it held.
#include "reference/journal.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

namespace ulp::reference {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

TEST(JournalTest, CompactsWhileRunningAndReadsBackTheStateItHeld) {
  std::string tmpl = (fs::temp_directory_path() / "ulp-journal-XXXXXX").string();
  ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
  const fs::path dir = tmpl;
  std::vector<json> held;
  std::int64_t history = 0, largest = 0;
  {
    Journal journal(dir, FsyncPolicy::never, nullptr);
    journal.compact_when_larger_than(16 << 10);
    auto add = [&](const json& record) {
      ASSERT_TRUE(journal.append(record));
      history += static_cast<std::int64_t>(record.dump().size()) + 10;
      largest = std::max(largest, journal.size());
    };
    add({{"op", "repository"}, {"name", "r"}, {"created", 1}});
    for (int i = 0; i < 2000; ++i) {  // 2,000 layers pushed, 4 distinct: a small state
      const std::string id = "u" + std::to_string(i);
      add({{"op", "upload"}, {"id", id}, {"repository", "r"}, {"time", i}});
      add({{"op", "part"}, {"id", id}, {"size", 16}, {"next", 16}, {"time", i}});
      add({{"op", "layer"},
           {"id", id},
           {"repository", "r"},
           {"digest", "sha256:" + std::to_string(i % 4)},
           {"size", 16}});
    }
    add({{"op", "upload"}, {"id", "open"}, {"repository", "r"}, {"time", 5}});
    for (int p = 0; p < 3; ++p)
      add({{"op", "part"}, {"id", "open"}, {"size", 16}, {"next", 16 * (p + 1)}, {"time", 6 + p}});
    held = journal.state().records();
  }
  EXPECT_GT(history, 400'000);
  EXPECT_LT(largest, 2 * (16 << 10)) << "the journal grew with its history";
  Journal again(dir, FsyncPolicy::never, nullptr);
  EXPECT_EQ(again.state().records(), held);
  ASSERT_EQ(again.state().uploads.size(), 1u);
  EXPECT_EQ(again.state().uploads.at("open").parts.back().next, 48);
  EXPECT_EQ(again.state().uploads.at("open").last_activity, 8);
  EXPECT_EQ(again.state().repositories.at("r").layers.size(), 4u);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ulp::reference
