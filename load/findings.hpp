// What a run found: each requirement seen broken (how often, and its first example), how each
// race came out, and the layer bytes lost or corrupted. Each client keeps its own, merged at
// the end; grading (core/grading.hpp) turns them into verdicts.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/grading.hpp"

namespace ulp::load {

struct Broken {
  std::size_t count = 0;
  std::string example;  // the first
};

struct Findings {
  std::map<std::string, Broken> broken;  // requirement ID -> what broke it
  // requirement of a race rule -> "UploadLayerPart: success, CompleteLayerUpload: ..." -> n
  std::map<std::string, std::map<std::string, std::size_t>> races;
  std::int64_t lost_bytes = 0;  // layer bytes acknowledged but missing or changed

  void add(const std::string& requirement, const std::string& example);
  void merge(const Findings& other);
};

struct Violation {
  std::string requirement, level;
  Verdict verdict = Verdict::pass;
  std::size_t count = 0;
  std::string example;
};

struct Grading {
  std::vector<Violation> violations;  // by requirement ID
  Verdict verdict = Verdict::pass;    // of the run
  bool fails = false;                 // the run fails (exit 1)
};

// Each broken requirement graded by its level: MUST -> FAIL, SHOULD -> NON-STRICT, PROBE ->
// INFO. `error` (a setup or transport fault of the suite itself) makes the run ERROR.
Grading grade_findings(const Findings& f, const GradingPolicy& policy, bool error = false);

}  // namespace ulp::load
