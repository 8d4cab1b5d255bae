#include "tools/ulp/push_layer.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "core/spec.hpp"
#include "tools/ulp/arg_parser.hpp"
#include "tools/ulp/cli_error.hpp"
#include "tools/ulp/layer_pusher.hpp"
#include "tools/ulp/param_file.hpp"
#include "tools/ulp/python_text.hpp"
#include "tools/ulp/service_client.hpp"
#include "tools/ulp/session.hpp"

namespace ulp::cli {

namespace {

struct PushOptions {
  std::string file;
  PushTarget target;
};

PushOptions parse_push_line(const std::vector<std::string>& args) {
  ArgParser p;
  p.add(OptionSpec::named("--repository-name").needed());
  p.add(OptionSpec::named("--registry-id"));
  p.add(OptionSpec::named("--part-size").integer());
  ParsedArgs parsed = p.parse_known(args);
  PushOptions o;
  std::vector<std::string> unknown;
  for (const auto& e : parsed.extras) {
    if (o.file.empty() && !e.starts_with("-"))
      o.file = e;
    else
      unknown.push_back(e);
  }
  if (!unknown.empty()) {
    std::string list;
    for (const auto& u : unknown) list += (list.empty() ? "" : ", ") + u;
    throw UnknownOptionsError(list);
  }
  if (o.file.empty()) throw UsageError("the following arguments are required: FILE");
  o.target.repository = *parsed.one("--repository-name");
  o.target.registry_id = parsed.one("--registry-id").value_or("");
  if (auto n = parsed.one("--part-size")) {
    // The model's limits on a part (LayerPartBlob), not a number written here.
    const Shape& blob = Spec::get().shape("LayerPartBlob");
    const long long size = *parse_python_int(*n);
    const long long max = blob.max.value_or(size);
    if (size < 1 || size > max)
      throw UsageError("argument --part-size: must be between 1 and " + std::to_string(max));
    o.target.part_size = size;
  }
  return o;
}

}  // namespace

int run_push_layer(const std::vector<std::string>& args, const GlobalOptions& globals) {
  if (args.size() == 1 && args[0] == "help") {
    std::cout << "push-layer FILE --repository-name NAME [--registry-id ID] [--part-size N]\n\n"
                 "Pushes FILE as one layer: InitiateLayerUpload, UploadLayerPart for each part in\n"
                 "order (parts of N bytes, default the partSize the service answers), then\n"
                 "CompleteLayerUpload with the file's sha256 digest and\n"
                 "BatchCheckLayerAvailability. Prints the digest on stdout.\n\n"
                 "A call that gets no answer or a 5xx is sent again, the same bytes, in\n"
              << retry_policy()
              << ";\n"
                 "each round makes the call's own attempts (AWS_MAX_ATTEMPTS). So a service\n"
                 "restart is ridden out on the same upload. A refused part resumes from the\n"
                 "lastValidByteReceived it carries. If the service no longer knows the upload\n"
                 "(UploadNotFoundException), its bytes are gone: the push starts over once on a\n"
                 "new upload. Each resume is one line on stderr, shown above the progress bar on\n"
                 "a terminal. Takes the global options (ulp help).\n";
    return kSuccess;
  }
  const PushOptions o = parse_push_line(args);
  const std::string path = expand_path(o.file);
  std::ifstream file(path, std::ios::binary);
  if (!file || std::filesystem::is_directory(path)) {
    const int e = file ? EISDIR : errno;
    throw CliError(kUsage, "Error parsing parameter 'FILE': Unable to read " + o.file +
                               ": [Errno " + std::to_string(e) + "] " + std::strerror(e) + ": " +
                               python_repr(path));
  }
  file.seekg(0, std::ios::end);
  const auto size = static_cast<std::uint64_t>(file.tellg());
  file.seekg(0);

  const Session session(globals);
  session.check_profile();
  ServiceClient client(client_settings(session, session.region()));
  const std::string digest = push_layer_file(client, o.target, file, size);
  std::cout << digest << "\n";
  return kSuccess;
}

}  // namespace ulp::cli
