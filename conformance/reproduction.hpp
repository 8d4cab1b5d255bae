// How a person resends a failing request: a `ulp ...` line when ulp (the aws CLI's options
// and checks) can send exactly that request (its members are options, the blob a fileb:// file),
// else a `curl` line with the body in a file; and the line that reruns the whole case. Files go to
// the artifacts directory, next to the reports.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/reproduction.hpp"
#include "core/target.hpp"
#include "core/target_options.hpp"

namespace ulp::conformance {

// The command that resends one request (build/bin/ulp). It takes the aws CLI's options, so
// "aws ecr" in its place sends the same request.
inline constexpr std::string_view kResendCommand = "ulp";
// The command that reruns a case.
inline constexpr std::string_view kRerunCommand = "tools/conform";

struct ReproductionSettings {
  bool resend = false;   // false for the embedded reference: it is gone after the run
  TargetOptions target;  // how the run reached the endpoint (never a secret)
  std::string region;
  bool signed_requests = false;
  std::string rerun_arguments;      // " --endpoint-url URL --no-sign-request" / " --mutant x"
  std::filesystem::path artifacts;  // created when first needed
};

// The request as its parts, so that a 28 MB body need not be parsed again.
struct SentRequest {
  const Request* request = nullptr;
  nlohmann::json fields;  // the JSON body without blob members; null for a raw body
  std::vector<std::pair<std::string, const std::string*>> blobs;  // member -> bytes
  bool custom_headers = false;
};

class Reproducer {
 public:
  explicit Reproducer(ReproductionSettings settings) : settings_(std::move(settings)) {}

  // Lines to print: "resend: ..." (or "resend with curl: ...") and "rerun: ...".
  std::vector<std::string> lines(const std::string& case_id, int step, const SentRequest& sent);
  const ReproductionSettings& settings() const { return settings_; }

 private:
  std::string write_file(const std::string& name, const std::string& bytes);
  ReproductionSettings settings_;
};

// True when ulp (like the aws CLI) would send this request as it is: no raw body or header,
// only members of the operation, and nothing it refuses before sending, as botocore does (a
// missing required member, a wrong type, a value under its minimum).
bool cli_can_send(const std::string& operation, const SentRequest& sent);

}  // namespace ulp::conformance
