// One-line reproduction commands: what a report prints so that a person can resend the very
// request that failed, with `ulp` (the aws CLI's options) or, for bytes no CLI can express,
// curl.
//
//   ulp::ReproductionOptions how{.target_arguments = " --endpoint-url http://127.0.0.1:5000"};
//   std::cout << ulp::reproduction_line(request, how) << "\n";
//   // ulp upload-layer-part --endpoint-url http://127.0.0.1:5000 --repository-name r1 ...
#pragma once

#include <filesystem>
#include <string>

#include "core/target.hpp"

namespace ulp {

struct ReproductionOptions {
  std::string program = "ulp";     // "ulp" or "aws ecr": both take the same options
  std::string target_arguments;    // " --endpoint-url URL --region R ...", never a secret
  std::string endpoint_url;        // for the curl form
  std::filesystem::path blob_dir;  // blobs are written here and passed as fileb://; empty:
                                   // the system's temporary directory
};

// `<program> <operation-in-kebab-case> <target arguments> --member value ...` when the body is
// a JSON object of the operation's members, each of a type the CLI can express; otherwise
// (malformed JSON, unknown members, wrong types, extra or missing headers) a curl command that
// sends the same bytes with the same headers.
std::string reproduction_line(const Request& request, const ReproductionOptions& options);

// Quotes a word for a POSIX shell when it needs it.
std::string shell_quote(const std::string& word);

// "UploadLayerPart" -> "upload-layer-part"; "partFirstByte" -> "part-first-byte".
std::string kebab_case(const std::string& camel);

}  // namespace ulp
