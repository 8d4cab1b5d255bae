// ulp's operator new (tools/ulp/large_allocations.cpp), linked into this test binary alone as
// it is into ulp: large blocks start on a huge page of their own mapping, hold their bytes,
// and are unmapped when deleted; small ones, and large ones beyond the table, come from malloc.
#include "tools/ulp/large_allocations.hpp"

#include <gtest/gtest.h>
#include <malloc.h>
#include <sys/mman.h>

#include <cerrno>
#include <cstdint>
#include <limits>
#include <memory>
#include <new>
#include <string>
#include <vector>

namespace ulp::cli {
namespace {

bool on_huge_page_boundary(const void* p) {
  return (reinterpret_cast<std::uintptr_t>(p) & (kHugePage - 1)) == 0;
}

// Whether the page holding p is mapped (msync says ENOMEM for an address nothing maps).
bool mapped(const void* p) {
  auto page = reinterpret_cast<std::uintptr_t>(p) & ~std::uintptr_t{4095};
  return msync(reinterpret_cast<void*>(page), 4096, MS_ASYNC) == 0 || errno != ENOMEM;
}

class LargeAllocations : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!kLargeAllocationsOnHugePages) GTEST_SKIP() << "the replacement steps aside under ASan";
  }
};

TEST_F(LargeAllocations, StartOnAHugePageAndHoldTheirBytes) {
  const std::size_t n = 3 * kHugePage + 5;
  std::unique_ptr<char[]> block(new char[n]);
  EXPECT_TRUE(on_huge_page_boundary(block.get()));
  for (std::size_t i = 0; i < n; ++i) block[i] = static_cast<char>(i * 7);
  for (std::size_t i = 0; i < n; i += 4093)
    ASSERT_EQ(block[i], static_cast<char>(i * 7)) << "at " << i;
  EXPECT_EQ(block[n - 1], static_cast<char>((n - 1) * 7));
}

TEST_F(LargeAllocations, AreUnmappedWhenDeleted) {
  char* block = new char[kLargeAllocation];
  block[0] = 1;
  ASSERT_TRUE(mapped(block));
  delete[] block;
  EXPECT_FALSE(mapped(block));
}

TEST_F(LargeAllocations, ServeStandardContainersAndTheNothrowForm) {
  std::string text(kLargeAllocation, 'x');
  EXPECT_TRUE(on_huge_page_boundary(text.data()));
  std::vector<char> bytes(kHugePage + 1, 'y');
  EXPECT_TRUE(on_huge_page_boundary(bytes.data()));
  std::unique_ptr<char[]> nothrow(new (std::nothrow) char[kLargeAllocation]);
  ASSERT_NE(nothrow, nullptr);
  EXPECT_TRUE(on_huge_page_boundary(nothrow.get()));
}

TEST_F(LargeAllocations, SmallOnesComeFromMalloc) {
  std::unique_ptr<char[]> block(new char[kLargeAllocation - 1]);
  EXPECT_GE(malloc_usable_size(block.get()), kLargeAllocation - 1);
  std::unique_ptr<int> one(new int(42));
  EXPECT_GE(malloc_usable_size(one.get()), sizeof(int));
  delete static_cast<int*>(nullptr);  // deleting null is a no-op, also here
}

int handler_calls = 0;
void give_up() {
  ++handler_calls;
  std::set_new_handler(nullptr);  // nothing to free here: the next failure throws
}

TEST_F(LargeAllocations, AnImpossibleSizeAsksTheNewHandlerThenThrows) {
  handler_calls = 0;
  std::set_new_handler(give_up);
  // Near the top of size_t, where rounding up to huge pages would wrap around (volatile:
  // the compiler refuses a constant this large).
  volatile std::size_t impossible = std::numeric_limits<std::size_t>::max() - 100;
  EXPECT_THROW((void)::operator new(impossible), std::bad_alloc);
  EXPECT_EQ(handler_calls, 1);
  EXPECT_EQ(::operator new(impossible, std::nothrow), nullptr);
}

TEST_F(LargeAllocations, BeyondTheTableTheyComeFromMallocAndAllHoldTheirBytes) {
  // More live large blocks than the table holds: the rest are malloc's, and every block keeps
  // its own bytes through the deletes of the others.
  std::vector<std::unique_ptr<char[]>> blocks;
  for (int i = 0; i < 80; ++i) {
    blocks.emplace_back(new char[kLargeAllocation]);
    std::fill_n(blocks.back().get(), kLargeAllocation, static_cast<char>(i));
  }
  int on_huge_pages = 0;
  for (const auto& b : blocks) on_huge_pages += on_huge_page_boundary(b.get()) ? 1 : 0;
  EXPECT_GE(on_huge_pages, 64);
  EXPECT_GE(malloc_usable_size(blocks.back().get()), kLargeAllocation);
  for (int i = 0; i < 80; i += 2) blocks[static_cast<std::size_t>(i)].reset();
  for (int i = 1; i < 80; i += 2) {
    const char* b = blocks[static_cast<std::size_t>(i)].get();
    EXPECT_EQ(b[0], static_cast<char>(i));
    EXPECT_EQ(b[kLargeAllocation - 1], static_cast<char>(i));
  }
  // The table's slots were given back: new large blocks are on huge pages again.
  blocks.clear();
  std::unique_ptr<char[]> again(new char[kLargeAllocation]);
  EXPECT_TRUE(on_huge_page_boundary(again.get()));
}

}  // namespace
}  // namespace ulp::cli
