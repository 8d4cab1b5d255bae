// The repositories of one case: created on first use under unique names
// (ulp-conformance-<run>-<n>-<case>), deleted when the case ends, whatever way it ends. With
// --repository-name the user's repository is used and never deleted.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "conformance/exchange.hpp"
#include "conformance/run_settings.hpp"
#include "core/target.hpp"

namespace ulp::conformance {

// A setup step of the runner failed: the case cannot be judged (ERROR).
struct SetupError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A value the case needs is not available in this run (SKIP): the reason says how to give it.
struct Unavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class CaseRepositories {
 public:
  using Recorder = std::function<void(const Request&, const Response&, double seconds)>;
  CaseRepositories(const RunSettings& settings, Target& target, Recorder record,
                   const std::string& case_id);
  ~CaseRepositories();  // cleanup(), in case it was not called
  void cleanup();       // deletes the repositories it created (once); failures go to warnings
  CaseRepositories(const CaseRepositories&) = delete;
  CaseRepositories& operator=(const CaseRepositories&) = delete;

  std::string main();   // throws SetupError
  std::string other();  // throws SetupError, Unavailable
  // A repository the case may delete itself (races against DeleteRepository): always one the
  // runner made, never the user's. Throws SetupError, Unavailable.
  std::string disposable();
  std::string unknown();      // a name no repository has
  std::string registry_id();  // throws Unavailable

  std::vector<std::string> warnings;  // repositories that could not be deleted

 private:
  std::string create(const std::string& name);

  const RunSettings& settings_;
  Target& target_;
  Recorder record_;
  std::string slug_;
  std::optional<std::string> main_, other_, disposable_, registry_id_;
  std::vector<std::string> created_;
  bool cleaned_ = false;
};

}  // namespace ulp::conformance
