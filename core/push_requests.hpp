// The requests of a layer push, built for a Target: the calls ulp-load's clients and the crash
// test's pushers make (and the repository set-up around them).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/target.hpp"

namespace ulp {

Request initiate_request(const std::string& repository);
// The blob's base64 spliced into the body (aws_json::with_blob): a part is megabytes.
Request part_request(const std::string& repository, const std::string& upload_id,
                     std::int64_t first_byte, std::string_view bytes);
Request complete_request(const std::string& repository, const std::string& upload_id,
                         const std::string& digest);
Request check_request(const std::string& repository, const std::vector<std::string>& digests);
Request create_repository_request(const std::string& repository);
Request delete_repository_request(const std::string& repository);  // with force

}  // namespace ulp
