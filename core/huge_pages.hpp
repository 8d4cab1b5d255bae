// A hint for buffers of tens of megabytes (a part, its base64 text): backing them with huge
// pages makes faulting them in, and every later pass over them (SHA-256, the write), several
// times cheaper where page faults and TLB misses are dear (virtual machines).
#pragma once

#include <cstddef>

namespace ulp {

inline constexpr std::size_t kHugePage = 2u << 20;  // a transparent huge page on x86-64

// madvise(MADV_HUGEPAGE) on the whole huge pages inside [data, data + size); nothing for less
// than two of them, or where the system has no such hint. Only a hint: never fails.
void prefer_huge_pages(void* data, std::size_t size);

}  // namespace ulp
