// The four calls a pushing client makes, as requests for a Target.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/target.hpp"

namespace ulp::crash {

Request initiate_request(const std::string& repository);
Request part_request(const std::string& repository, const std::string& upload_id,
                     std::int64_t first_byte, std::string_view bytes);
Request complete_request(const std::string& repository, const std::string& upload_id,
                         const std::string& digest);
Request check_request(const std::string& repository, const std::vector<std::string>& digests);

}  // namespace ulp::crash
