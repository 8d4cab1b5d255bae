// `ulp push-layer FILE --repository-name NAME [--registry-id ID] [--part-size N]`: a whole
// layer push (layer_pusher.hpp) from a command line; prints the digest, and nothing else, on
// stdout.
#pragma once

#include <string>
#include <vector>

#include "tools/ulp/global_options.hpp"

namespace ulp::cli {

int run_push_layer(const std::vector<std::string>& args, const GlobalOptions& globals);

}  // namespace ulp::cli
