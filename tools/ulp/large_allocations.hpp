// tools/ulp/large_allocations.cpp replaces operator new in the ulp executable: allocations of
// kLargeAllocation bytes and more each get their own mapping, starting on a huge page.
#pragma once

#include <cstddef>

#include "core/huge_pages.hpp"

namespace ulp::cli {

using ulp::kHugePage;
inline constexpr std::size_t kLargeAllocation = 512u << 10;
// False where the replacement steps aside (under AddressSanitizer).
extern const bool kLargeAllocationsOnHugePages;

}  // namespace ulp::cli
