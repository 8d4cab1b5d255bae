// Which cases run: --filter GLOB (any of them) and --exclude GLOB (none of them), matched
// case-insensitively against the case ID, its requirement IDs and its tags. Tags include the
// implicit ones: the levels and categories of its requirements, and "large" for a case that
// sends a blob of 1 MiB or more under the active limits.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "conformance/fixture.hpp"
#include "core/spec.hpp"

namespace ulp::conformance {

std::vector<std::string> all_tags(const Case& c, const Profile& limits);

bool glob_matches(const std::string& pattern, const std::string& text);

std::vector<const Case*> select_cases(const std::vector<Case>& cases,
                                      const std::vector<std::string>& filters,
                                      const std::vector<std::string>& excludes,
                                      const Profile& limits);

// --expected-failures FILE: "CASE-ID-OR-GLOB  reason" per line; '#' starts a comment.
class ExpectedFailures {
 public:
  static ExpectedFailures load(const std::filesystem::path& file);  // throws std::runtime_error
  std::optional<std::string> reason_for(const std::string& case_id) const;
  // Entries that name no loaded case (stale, or a typo).
  std::vector<std::string> unmatched(const std::vector<Case>& cases) const;
  bool empty() const { return entries_.empty(); }

 private:
  struct Entry {
    std::string pattern, reason;
    int line;
  };
  std::vector<Entry> entries_;
  std::string file_;
};

}  // namespace ulp::conformance
