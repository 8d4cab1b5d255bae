// Bytes as lower-case hex, the form SigV4 and OCI digests write them in.
#pragma once

#include <cstddef>
#include <string>

namespace ulp {

std::string to_hex(const unsigned char* data, std::size_t size);

}  // namespace ulp
