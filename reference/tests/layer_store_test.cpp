#include "reference/layer_store.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

namespace ulp::reference {
namespace {

std::string pattern(std::int64_t n, char seed) {
  std::string s(static_cast<std::size_t>(n), '\0');
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = static_cast<char>(seed + i * 31 % 251);
  return s;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::size_t entries(const std::filesystem::path& dir) {
  return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(dir), {}));
}

// Staged bytes read back and commit the same whether they stayed in memory, filled it
// exactly, or spilled into a file, written in one piece or in many.
TEST(LayerStoreTest, StagedBytesAreTheSameInMemoryAndSpilled) {
  constexpr std::int64_t limit = LayerStore::Stage::kStageInMemory;
  for (std::int64_t size : {std::int64_t{1}, limit - 1, limit, limit + 1, 3 * limit + 7}) {
    for (std::size_t slice : {std::size_t{4096}, std::size_t{1} << 30}) {
      LayerStore store;
      const std::string bytes = pattern(size, static_cast<char>(size));
      auto stage = store.open_stage();
      for (std::size_t at = 0; at < bytes.size(); at += slice)
        ASSERT_TRUE(stage->write(std::string_view(bytes).substr(at, slice)));
      ASSERT_EQ(stage->size(), size);
      std::string back(bytes.size(), '\0');
      ASSERT_TRUE(stage->read(0, back.size(), back.data()));
      EXPECT_EQ(back, bytes) << size;
      EXPECT_FALSE(stage->read(1, bytes.size(), back.data())) << "past the end";

      auto upload = store.open_upload("u");
      ASSERT_TRUE(upload->append("head"));
      ASSERT_TRUE(upload->append_from(*stage, size - 1));
      ASSERT_TRUE(store.commit(*upload, "digest"));
      EXPECT_EQ(read_file(store.dir() / "layers" / "digest"), "head" + bytes.substr(0, size - 1))
          << size;
      upload.reset();  // the upload's own name goes with it; the layer keeps its bytes
      // A spilled stage is an unnamed file: nothing of it is ever in uploads/.
      EXPECT_EQ(entries(store.dir() / "uploads"), 0u);
    }
  }
}

TEST(LayerStoreTest, MemoryStoreNeverSpills) {
  LayerStore store({}, LayerStore::Backing::memory);
  const std::string bytes = pattern(2 * LayerStore::Stage::kStageInMemory, 'x');
  auto stage = store.open_stage();
  ASSERT_TRUE(stage->write(bytes));
  auto upload = store.open_upload("u");
  ASSERT_TRUE(upload->append_from(*stage, stage->size()));
  EXPECT_EQ(upload->size(), stage->size());
  EXPECT_TRUE(store.dir().empty());
}

}  // namespace
}  // namespace ulp::reference
