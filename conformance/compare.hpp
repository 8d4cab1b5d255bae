// ulp-conformance --compare: the JSON reports of several endpoints merged into one
// compatibility matrix, requirement by endpoint, with each PROBE's actual answer per endpoint:
// the table a registry builder puts in their README. On the console, and as an HTML page.
//
//   auto endpoints = load_compared({"ecr=ecr.json", "mine=mine.json"});
//   print_comparison(std::cout, endpoints, false);
//   write_comparison_html("matrix.html", endpoints);
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace ulp::conformance {

struct ComparedEndpoint {
  std::string label;  // the column's name
  nlohmann::json report;
};

// Each argument is FILE or LABEL=FILE (label: the file's name without .json). Throws
// std::runtime_error naming a file that cannot be read or is not a ulp-conformance report.
std::vector<ComparedEndpoint> load_compared(const std::vector<std::string>& arguments);

// One row of the matrix.
struct ComparedRequirement {
  std::string id, level, statement;
  std::vector<std::string> verdicts;  // per endpoint; "NOT RUN" where its report lacks it
  std::vector<std::string> answers;   // per endpoint, PROBEs: what it answered ("" if nothing)
  bool differs = false;               // the endpoints' verdicts or answers are not all the same
};
std::vector<ComparedRequirement> compare(const std::vector<ComparedEndpoint>& endpoints);

void print_comparison(std::ostream& out, const std::vector<ComparedEndpoint>& endpoints,
                      bool color);
// Throws std::runtime_error when the file cannot be written.
void write_comparison_html(const std::filesystem::path& file,
                           const std::vector<ComparedEndpoint>& endpoints);

}  // namespace ulp::conformance
