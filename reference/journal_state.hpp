// The registry's state as DIR/journal tells it: what replaying its lines gives, and the fewest
// lines that give it again. The journal keeps one up to date as it appends, so that it can
// compact itself while the server runs; recovery starts from the one read at start.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ulp::reference {

struct JournalState {
  struct Part {
    std::int64_t size = 0;  // bytes stored
    std::int64_t next = 0;  // the upload's next byte after it
    std::int64_t time = 0;
  };
  struct Upload {
    std::string repository;
    std::int64_t last_activity = 0;
    std::vector<Part> parts;
    std::int64_t bytes() const;
  };
  struct Repository {
    std::int64_t created = 0;
    std::map<std::string, std::int64_t> layers;  // digest -> size
  };

  std::map<std::string, Repository> repositories;
  std::map<std::string, Upload> uploads;  // open ones

  // Throws (nlohmann::json::exception, std::invalid_argument) for a line this format does
  // not write.
  void apply(const nlohmann::json& record);
  std::vector<nlohmann::json> records() const;
};

}  // namespace ulp::reference
