// tools/ulp/large_allocations.cpp replaces operator new in the ulp executable: allocations of
// kLargeAllocation bytes and more each get their own mapping, starting on a huge page.
#pragma once

#include <cstddef>

namespace ulp::cli {

inline constexpr std::size_t kLargeAllocation = 512u << 10;
inline constexpr std::size_t kHugePage = 2u << 20;
// False where the replacement steps aside (under AddressSanitizer).
extern const bool kLargeAllocationsOnHugePages;

}  // namespace ulp::cli
