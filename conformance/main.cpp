// ulp-conformance: the fixture-driven conformance suite, one GoogleTest test per case.
// GoogleTest runs the cases; the Suite grades them, prints them and writes the reports.
#include <gtest/gtest.h>

#include "conformance/suite.hpp"

namespace {

using namespace ulp::conformance;

class CaseTest : public testing::Test {
 public:
  CaseTest(Suite& suite, const Case& c) : suite_(suite), case_(c) {}

  void TestBody() override {
    const CaseResult& r = suite_.run(case_);
    RecordProperty("verdict", std::string(name(r.verdict)));
    if (r.verdict == ulp::Verdict::skip) GTEST_SKIP() << r.reason;
    if (fails_run(r.verdict, suite_.grading()))
      ADD_FAILURE() << name(r.verdict) << ": " << r.reason;
  }

 private:
  Suite& suite_;
  const Case& case_;
};

}  // namespace

int main(int argc, char** argv) {
  // GoogleTest takes the --gtest_* options out; --help is ours (GoogleTest's would come first).
  bool help = false;
  for (int i = 1; i < argc; ++i)
    help = help || std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h";
  if (!help) testing::InitGoogleTest(&argc, argv);
  Options options;
  if (auto code = parse_options(argc, argv, options)) return *code;
  // When GoogleTest chooses which cases run, or their order, they run one at a time as it asks.
  if (GTEST_FLAG_GET(filter) != "*" || GTEST_FLAG_GET(shuffle) || GTEST_FLAG_GET(repeat) != 1)
    options.jobs = 1;
  Suite suite(std::move(options));
  if (auto code = suite.prepare()) return *code;
  if (auto code = suite.connect()) return *code;
  for (const Case* c : suite.selected())
    testing::RegisterTest("conformance", c->id.c_str(), nullptr, nullptr, __FILE__, __LINE__,
                          [&suite, c]() -> testing::Test* { return new CaseTest(suite, *c); });
  // The suite prints a line per case itself; GoogleTest's own lines would repeat them.
  auto& listeners = testing::UnitTest::GetInstance()->listeners();
  delete listeners.Release(listeners.default_result_printer());
  // The verdicts make the exit code: GoogleTest's count knows no NON-STRICT or XFAIL.
  [[maybe_unused]] const int gtest_status = RUN_ALL_TESTS();
  return suite.finish();
}
