// ulp-gen-fuzz-corpus: writes the seed corpus of every fuzz target (fixtures/fuzz/<target>/
// corpus/) from the conformance fixtures (fixtures/conformance/**/*.json, when there are
// any), the flows and request variants written from spec/, and built-in edge inputs. Each
// case runs against the same in-process reference the targets use, so seeds carry real
// upload IDs. Deterministic: the same fixtures and spec give the same files.
#include <CLI/CLI.hpp>
#include <iostream>

#include "fuzz/generators/builtin_cases.hpp"
#include "fuzz/generators/case_runner.hpp"
#include "fuzz/generators/engine_seeds.hpp"
#include "fuzz/generators/fixture_cases.hpp"
#include "fuzz/generators/request_seeds.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Generate the fuzz targets' seed corpora from the fixtures and spec/",
               "ulp-gen-fuzz-corpus"};
  std::vector<std::string> fixture_dirs;
  std::string out_dir;
  std::set<std::string> only;
  app.add_option("--fixtures", fixture_dirs, "conformance fixtures to read (repeatable)");
  app.add_option("--out", out_dir, "where <target>/corpus/ go")->required();
  app.add_option("--target", only, "only this target's corpus (repeatable)");
  CLI11_PARSE(app, argc, argv);

  std::vector<ulp::fuzz::SeedCase> cases;
  std::size_t from_fixtures = 0;
  for (const auto& dir : fixture_dirs) {
    std::vector<std::string> problems;
    auto loaded = ulp::fuzz::load_fixture_cases(dir, &problems);
    for (const auto& p : problems) std::cerr << "ulp-gen-fuzz-corpus: skipped " << p << "\n";
    from_fixtures += loaded.size();
    cases.insert(cases.end(), loaded.begin(), loaded.end());
  }
  for (auto&& more : {ulp::fuzz::builtin_flow_cases(), ulp::fuzz::builtin_validation_cases(),
                      ulp::fuzz::builtin_protocol_cases()})
    cases.insert(cases.end(), more.begin(), more.end());

  ulp::fuzz::CorpusWriter corpora;
  ulp::fuzz::RequestSeeds request_seeds;
  for (const auto& c : cases) {
    try {
      ulp::fuzz::RanCase ran = ulp::fuzz::run_seed_case(c);
      request_seeds.add(ran, corpora);
      ulp::fuzz::add_engine_seeds(ran, corpora);
    } catch (const std::exception& e) {  // a fixture this generator reads wrongly: no seed
      std::cerr << "ulp-gen-fuzz-corpus: skipped case " << c.id << ": " << e.what() << "\n";
    }
  }
  ulp::fuzz::add_builtin_request_seeds(corpora);
  ulp::fuzz::add_builtin_engine_seeds(corpora);

  std::cout << "ulp-gen-fuzz-corpus: " << cases.size() << " cases (" << from_fixtures
            << " from fixtures)\n";
  for (const auto& [target, count] : corpora.write(out_dir, only))
    std::cout << "  " << target << ": " << count << " seeds\n";
  return 0;
}
