// The seed corpora being made: inputs per target, deduplicated, written as
// <root>/<target>/corpus/<first 16 hex digits of their SHA-256>.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>

namespace ulp::fuzz {

class CorpusWriter {
 public:
  void add(const std::string& target, std::string input);

  // Replaces the seeds in each target's corpus/ with the inputs (a seed nothing makes any more
  // goes), for the targets in `only` (all when empty); the other files there, the units
  // tools/fuzz --campaign merged in, stay. Returns the number of inputs per target.
  std::map<std::string, std::size_t> write(const std::filesystem::path& root,
                                           const std::set<std::string>& only) const;

  const std::map<std::string, std::set<std::string>>& inputs() const { return inputs_; }

 private:
  std::map<std::string, std::set<std::string>> inputs_;
};

}  // namespace ulp::fuzz
