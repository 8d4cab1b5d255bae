# Source-based coverage (clang's -fprofile-instr-generate -fcoverage-mapping): the `coverage`
# preset (build-coverage/, ULP_COVERAGE=ON) builds coverage_targets, the drivers tools/coverage
# measures: ulp-conformance, ulp-reference-server, ulp-properties and every libFuzzer target
# (fuzz/CMakeLists.txt builds those for ULP_FUZZING or ULP_COVERAGE; here without sanitizers).
# The coverage build is no part of ctest: it is a whole extra build of the tree.
option(ULP_COVERAGE "Build the drivers tools/coverage measures (the coverage preset)" OFF)

if(ULP_COVERAGE)
  add_custom_target(coverage_targets)
  add_dependencies(coverage_targets ulp-conformance ulp-reference-server ulp-properties)
  # Every fuzz_<name> that fuzz/ defines, so that a new target is measured without a change here.
  get_property(fuzz_dir_targets DIRECTORY ${CMAKE_SOURCE_DIR}/fuzz PROPERTY BUILDSYSTEM_TARGETS)
  list(FILTER fuzz_dir_targets INCLUDE REGEX "^fuzz_.")
  list(REMOVE_ITEM fuzz_dir_targets fuzz_targets fuzz_support_tests)
  add_dependencies(coverage_targets ${fuzz_dir_targets})
endif()

# The per-folder totals and the list of unreached functions tools/coverage prints, computed by
# tools/coverage-summary from llvm-cov's JSON: checked here on a small canned export, without
# any coverage build.
add_test(NAME coverage.summary
         COMMAND ${CMAKE_SOURCE_DIR}/tools/tests/coverage/summary_test.sh
                 ${CMAKE_SOURCE_DIR}/tools/coverage-summary)
set_tests_properties(coverage.summary PROPERTIES TIMEOUT 60)
