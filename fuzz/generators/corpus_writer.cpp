#include "fuzz/generators/corpus_writer.hpp"

#include <fstream>

#include "core/sha256.hpp"

namespace ulp::fuzz {

namespace fs = std::filesystem;

namespace {

// A seed's name as write() gives it: 16 lowercase hex digits. libFuzzer names the units that
// tools/fuzz --campaign merges in by their SHA-1 (40), so these never look like seeds.
bool is_seed_name(const std::string& name) {
  return name.size() == 16 && name.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

void CorpusWriter::add(const std::string& target, std::string input) {
  inputs_[target].insert(std::move(input));
}

std::map<std::string, std::size_t> CorpusWriter::write(const fs::path& root,
                                                       const std::set<std::string>& only) const {
  std::map<std::string, std::size_t> counts;
  for (const auto& [target, inputs] : inputs_) {
    if (!only.empty() && !only.count(target)) continue;
    const fs::path dir = root / target / "corpus";
    fs::create_directories(dir);
    for (const auto& entry : fs::directory_iterator(dir))
      if (entry.is_regular_file() && is_seed_name(entry.path().filename().string()))
        fs::remove(entry.path());
    for (const auto& input : inputs)
      std::ofstream(dir / Sha256::hex_of(input).substr(0, 16), std::ios::binary) << input;
    counts[target] = inputs.size();
  }
  return counts;
}

}  // namespace ulp::fuzz
