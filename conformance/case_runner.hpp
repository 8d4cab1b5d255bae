// Runs one case against an Endpoint: builds each step's request from its templates, sends it
// (repeated, or as concurrent copies), grades each expectation by its requirement's level,
// saves values for later steps, and stops at the first broken MUST. Never throws: a fault of
// the target or of the suite becomes the case's verdict.
#pragma once

#include <functional>

#include "conformance/case_result.hpp"
#include "conformance/endpoint.hpp"
#include "conformance/reproduction.hpp"
#include "conformance/run_settings.hpp"
#include "conformance/watchdog.hpp"

namespace ulp::conformance {

class CaseRunner {
 public:
  CaseRunner(Endpoint& endpoint, const RunSettings& settings, Watchdog& watchdog,
             Reproducer* reproducer)
      : endpoint_(endpoint), settings_(settings), watchdog_(watchdog), reproducer_(reproducer) {}

  // Called with each exchange as it happens (--verbose).
  std::function<void(const CaseResult&, const Exchange&)> on_exchange;

  CaseResult run(const Case& c);

 private:
  Endpoint& endpoint_;
  const RunSettings& settings_;
  Watchdog& watchdog_;
  Reproducer* reproducer_;
};

}  // namespace ulp::conformance
