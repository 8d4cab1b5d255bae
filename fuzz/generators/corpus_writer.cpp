#include "fuzz/generators/corpus_writer.hpp"

#include <fstream>

#include "core/sha256.hpp"

namespace ulp::fuzz {

namespace fs = std::filesystem;

void CorpusWriter::add(const std::string& target, std::string input) {
  inputs_[target].insert(std::move(input));
}

std::map<std::string, std::size_t> CorpusWriter::write(const fs::path& root,
                                                       const std::set<std::string>& only) const {
  std::map<std::string, std::size_t> counts;
  for (const auto& [target, inputs] : inputs_) {
    if (!only.empty() && !only.count(target)) continue;
    const fs::path dir = root / target / "corpus";
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (const auto& input : inputs)
      std::ofstream(dir / Sha256::hex_of(input).substr(0, 16), std::ios::binary) << input;
    counts[target] = inputs.size();
  }
  return counts;
}

}  // namespace ulp::fuzz
