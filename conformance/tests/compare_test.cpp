// ulp-conformance --compare: the reports of the reference and of three mutants merged into one
// matrix, in which each mutant's column shows the rules it breaks, and nothing else differs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "conformance/tests/process.hpp"

namespace ulp::conformance {
namespace {

using namespace ulp::conformance::testing;
namespace fs = std::filesystem;

// The row of a requirement in the console table, its cells split on spaces.
std::vector<std::string> row_of(const std::string& output, const std::string& id) {
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(id + " ", 0) != 0) continue;
    std::vector<std::string> cells;
    std::istringstream words(line);
    for (std::string w; words >> w;) cells.push_back(w);
    return cells;
  }
  return {};
}

TEST(Compare, TheMatrixShowsEachEndpointsVerdictsSideBySide) {
  fs::path dir = fs::temp_directory_path() / ("ulp-compare-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::vector<std::string> labelled;
  for (std::string mutant : {"none", "accept-gap", "no-echo", "first-digest-only"}) {
    const std::string file = (dir / (mutant + ".json")).string();
    Ran r = run({ULP_CONFORMANCE_BIN, "--limits", "small", "--exclude", "slow", "--seed", "1",
                 "--mutant", mutant, "--color", "never", "--report-json", file});
    ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.output;
    labelled.push_back((mutant == "none" ? "reference" : mutant) + "=" + file);
  }
  std::vector<std::string> args{
      ULP_CONFORMANCE_BIN, "--color", "never", "--report-html", (dir / "matrix.html").string(),
      "--compare"};
  args.insert(args.end(), labelled.begin(), labelled.end());
  Ran m = run(args);
  ASSERT_EQ(m.exit_code, 0) << m.output;

  // requirement, level, then reference, accept-gap, no-echo, first-digest-only.
  const auto gap = row_of(m.output, "ULP-RANGE-GAP");
  ASSERT_GE(gap.size(), 6u) << m.output;
  EXPECT_EQ(gap[2], "PASS");
  EXPECT_EQ(gap[3], "FAIL");
  EXPECT_EQ(gap[4], "PASS");
  EXPECT_EQ(gap[5], "PASS");
  EXPECT_EQ(gap.back(), "*");
  const auto echo = row_of(m.output, "ULP-RESP-ECHO");
  ASSERT_GE(echo.size(), 6u) << m.output;
  EXPECT_EQ(echo[2], "PASS");
  EXPECT_EQ(echo[4], "FAIL");
  const auto overlap = row_of(m.output, "ULP-RANGE-OVERLAP");
  ASSERT_GE(overlap.size(), 6u);
  EXPECT_NE(overlap.back(), "*") << "a rule every endpoint keeps is not marked";
  // A PROBE answered otherwise is shown with each endpoint's answer.
  EXPECT_NE(m.output.find("CLU-PROBE-SEVERAL-DIGESTS"), std::string::npos);
  EXPECT_NE(m.output.find("first-digest-only  200 success"), std::string::npos) << m.output;

  std::ifstream page(dir / "matrix.html");
  std::stringstream html;
  html << page.rdbuf();
  EXPECT_NE(html.str().find("<th title=\"the embedded reference server"), std::string::npos);
  EXPECT_NE(html.str().find(">accept-gap</th>"), std::string::npos);
  EXPECT_NE(html.str().find("class=\"fail\">FAIL"), std::string::npos);

  Ran bad = run({ULP_CONFORMANCE_BIN, "--compare", (dir / "missing.json").string()});
  EXPECT_EQ(bad.exit_code, 2);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ulp::conformance
