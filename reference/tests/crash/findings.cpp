#include "reference/tests/crash/findings.hpp"

#include "reference/tests/crash/console.hpp"

namespace ulp::crash {

void Violations::record(std::string what) {
  console().line("VIOLATION " + what);
  std::lock_guard lock(mutex_);
  found_.push_back(std::move(what));
  ++count_;
}

std::vector<std::string> Violations::all() const {
  std::lock_guard lock(mutex_);
  return found_;
}

void CompletedLayers::add(CompletedLayer layer) {
  std::lock_guard lock(mutex_);
  layers_.push_back(std::move(layer));
}

std::vector<CompletedLayer> CompletedLayers::all() const {
  std::lock_guard lock(mutex_);
  return layers_;
}

void CompletedLayers::clear() {
  std::lock_guard lock(mutex_);
  layers_.clear();
}

}  // namespace ulp::crash
