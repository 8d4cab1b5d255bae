// ulp's operator new: allocations of 512 KiB and more (a part, its base64 text, the request
// body) each get their own mapping on 2 MiB huge pages; the rest go to malloc as before.
//
// Why: ulp is a process per call, so every such buffer is fresh memory, and on a virtual
// machine faulting in fresh 4 KiB pages is dear. Measured here: 1 MiB of new memory takes
// 3.6 ms to touch in 4 KiB pages, and 2 MiB on one huge page 0.2-0.3 ms; a 1 MiB call went
// through three buffers of its size. glibc's malloc asks for huge pages only when the
// environment says GLIBC_TUNABLES=glibc.malloc.hugetlb=1, which a program cannot set for
// itself, and even then only for blocks larger than a huge page: these are 1 to 1.5 MiB.
//
// Linked into the ulp executable only (the standard lets a program replace these functions).
// Under AddressSanitizer it steps aside, so that every allocation stays checked.
#if defined(__SANITIZE_ADDRESS__)  // gcc
#define ULP_UNDER_ASAN
#elif defined(__has_feature)  // clang
#if __has_feature(address_sanitizer)
#define ULP_UNDER_ASAN
#endif
#endif

#include "tools/ulp/large_allocations.hpp"

#ifdef ULP_UNDER_ASAN
const bool ulp::cli::kLargeAllocationsOnHugePages = false;
#else
const bool ulp::cli::kLargeAllocationsOnHugePages = true;

#include <sys/mman.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <new>

namespace {

using ulp::cli::kHugePage;
using ulp::cli::kLargeAllocation;

// The live large allocations: few at a time, so a small table, scanned only for a pointer on
// a huge page's boundary. When it is full, a large allocation simply goes to malloc.
struct Live {
  std::atomic<void*> at{nullptr};
  std::size_t length = 0;
};
std::array<Live, 64> live;
std::atomic<int> live_count{0};

void* map_large(std::size_t n) {
  if (n > std::numeric_limits<std::size_t>::max() - 2 * kHugePage) return nullptr;  // no wrap
  const std::size_t length = (n + kHugePage - 1) & ~(kHugePage - 1);
  // Mapped with a huge page's room to spare, then trimmed to a 2 MiB-aligned start.
  void* raw =
      mmap(nullptr, length + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return nullptr;
  const auto begin = reinterpret_cast<std::uintptr_t>(raw);
  const auto aligned = (begin + kHugePage - 1) & ~(kHugePage - 1);
  if (aligned > begin) munmap(raw, aligned - begin);
  if (const std::size_t tail = begin + kHugePage - aligned; tail > 0)
    munmap(reinterpret_cast<void*>(aligned + length), tail);
  void* p = reinterpret_cast<void*>(aligned);
#ifdef MADV_HUGEPAGE
  madvise(p, length, MADV_HUGEPAGE);
#endif
  for (auto& slot : live) {
    void* empty = nullptr;
    if (slot.at.compare_exchange_strong(empty, p)) {
      slot.length = length;
      live_count.fetch_add(1);
      return p;
    }
  }
  munmap(p, length);
  return nullptr;
}

bool unmap_large(void* p) {
  // Every large allocation starts on a huge page; malloc's blocks almost never do.
  if (p == nullptr || (reinterpret_cast<std::uintptr_t>(p) & (kHugePage - 1)) != 0 ||
      live_count.load() == 0)
    return false;
  for (auto& slot : live)
    if (slot.at.load() == p) {
      munmap(p, slot.length);
      slot.at.store(nullptr);
      live_count.fetch_sub(1);
      return true;
    }
  return false;
}

void* allocate(std::size_t n) noexcept {
  if (n >= kLargeAllocation)
    if (void* p = map_large(n)) return p;
  return std::malloc(n == 0 ? 1 : n);
}

void release(void* p) noexcept {
  if (!unmap_large(p)) std::free(p);
}

}  // namespace

void* operator new(std::size_t n) {
  // As the standard's operator new: the new-handler, if any, is asked until memory comes.
  for (;;) {
    if (void* p = allocate(n)) return p;
    std::new_handler handler = std::get_new_handler();
    if (!handler) throw std::bad_alloc();
    handler();
  }
}
void* operator new[](std::size_t n) {
  return operator new(n);
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  return allocate(n);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  return allocate(n);
}
void operator delete(void* p) noexcept {
  release(p);
}
void operator delete[](void* p) noexcept {
  release(p);
}
void operator delete(void* p, std::size_t) noexcept {
  release(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  release(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  release(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  release(p);
}

#endif  // ULP_UNDER_ASAN
