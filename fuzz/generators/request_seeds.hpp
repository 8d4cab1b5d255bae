// Seeds for the targets that take requests or their parts, from the requests a case sent:
// decode_<operation> (bodies), base64 (blobs), http_request (the whole case as one
// connection), sigv4_sign (each request as bytes) and sigv4_authorization (each request's
// signature). And the inputs no case sends: HTTP oddities, base64 edge texts, malformed
// Authorization headers.
#pragma once

#include <set>
#include <string>

#include "fuzz/generators/case_runner.hpp"
#include "fuzz/generators/corpus_writer.hpp"

namespace ulp::fuzz {

class RequestSeeds {
 public:
  void add(const RanCase& ran, CorpusWriter& out);

 private:
  // Seeds that would differ only in random bytes are made once: one base64 text per length,
  // one SigV4 seed per operation and header set.
  std::set<std::size_t> blob_sizes_;
  std::set<std::string> signed_shapes_;
};

void add_builtin_request_seeds(CorpusWriter& out);

}  // namespace ulp::fuzz
