// A choice among generators by weight, built at run time (RapidCheck's weightedOneOf takes
// an initializer list). A case shrinks towards the earlier choices: list the simplest first.
#pragma once

#include <rapidcheck.h>

#include <stdexcept>
#include <utility>
#include <vector>

namespace ulp::properties {

template <class T>
using Weighted = std::vector<std::pair<std::size_t, rc::Gen<T>>>;

template <class T>
rc::Gen<T> weighted(Weighted<T> choices) {
  std::size_t total = 0;
  for (const auto& [weight, gen] : choices) total += weight;
  if (total == 0) throw std::invalid_argument("weighted: no choice has a weight");
  return rc::gen::mapcat(rc::gen::inRange<std::size_t>(0, total), [choices](std::size_t pick) {
    for (const auto& [weight, gen] : choices) {
      if (pick < weight) return gen;
      pick -= weight;
    }
    return choices.back().second;
  });
}

}  // namespace ulp::properties
