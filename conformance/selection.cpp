#include "conformance/selection.hpp"

#include <fnmatch.h>

#include <fstream>
#include <set>
#include <stdexcept>

#include "conformance/case_environment.hpp"
#include "conformance/expression.hpp"

namespace ulp::conformance {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Expressions of blob sizes see the limits only.
class LimitsEnvironment : public Environment {
 public:
  explicit LimitsEnvironment(const Profile& limits) : limits_(limits) {}
  nlohmann::json name(const std::string& n) override {
    if (auto v = limit_named(limits_, n)) return *v;
    throw ExpressionError("unknown limit " + n);
  }
  nlohmann::json call(const std::string& f, const std::vector<NodePtr>&) override {
    throw ExpressionError("no function " + f + " in a blob size");
  }

 private:
  const Profile& limits_;
};

}  // namespace

bool glob_matches(const std::string& pattern, const std::string& text) {
  return fnmatch(pattern.c_str(), text.c_str(), FNM_CASEFOLD) == 0;
}

std::vector<std::string> all_tags(const Case& c, const Profile& limits) {
  std::set<std::string> tags(c.tags.begin(), c.tags.end());
  for (const auto& id : c.requirements)
    if (const Requirement* r = Spec::get().requirement(id)) {
      tags.insert(lower(r->level));
      tags.insert(r->category);
    }
  LimitsEnvironment env(limits);
  for (const auto& [name, blob] : c.blobs) {
    try {
      if (evaluate_integer(*parse_expression(expression_text(blob.size)), env) >= (1 << 20))
        tags.insert("large");
    } catch (const ExpressionError&) {
    }
  }
  return {tags.begin(), tags.end()};
}

std::vector<const Case*> select_cases(const std::vector<Case>& cases,
                                      const std::vector<std::string>& filters,
                                      const std::vector<std::string>& excludes,
                                      const Profile& limits) {
  auto matches = [&](const Case& c, const std::vector<std::string>& globs) {
    std::vector<std::string> names = all_tags(c, limits);
    names.push_back(c.id);
    for (const auto& r : c.requirements) names.push_back(r);
    for (const auto& g : globs)
      for (const auto& n : names)
        if (glob_matches(g, n)) return true;
    return false;
  };
  std::vector<const Case*> out;
  for (const auto& c : cases)
    if ((filters.empty() || matches(c, filters)) && !matches(c, excludes)) out.push_back(&c);
  return out;
}

ExpectedFailures ExpectedFailures::load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(file.string() + ": cannot be read");
  ExpectedFailures out;
  out.file_ = file.string();
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    auto start = line.find_first_not_of(" \t\r");
    if (start == std::string::npos) continue;
    auto end = line.find_first_of(" \t", start);
    std::string pattern = line.substr(start, end - start);
    std::string reason;
    if (end != std::string::npos) {
      auto r = line.find_first_not_of(" \t", end);
      if (r != std::string::npos) reason = line.substr(r);
      while (!reason.empty() && (reason.back() == '\r' || reason.back() == ' ')) reason.pop_back();
    }
    if (reason.empty())
      throw std::runtime_error(file.string() + ":" + std::to_string(number) + ": '" + pattern +
                               "' needs a reason after it (CASE-ID  why it is expected to fail)");
    out.entries_.push_back({pattern, reason, number});
  }
  return out;
}

std::optional<std::string> ExpectedFailures::reason_for(const std::string& case_id) const {
  for (const auto& e : entries_)
    if (glob_matches(e.pattern, case_id)) return e.reason;
  return std::nullopt;
}

std::vector<std::string> ExpectedFailures::unmatched(const std::vector<Case>& cases) const {
  std::vector<std::string> out;
  for (const auto& e : entries_) {
    bool any = false;
    for (const auto& c : cases) any = any || glob_matches(e.pattern, c.id);
    if (!any)
      out.push_back(file_ + ":" + std::to_string(e.line) + ": '" + e.pattern + "' names no case");
  }
  return out;
}

}  // namespace ulp::conformance
