#include "conformance/reproduction.hpp"

#include <algorithm>
#include <fstream>

#include "core/spec.hpp"
#include "core/validate.hpp"

namespace ulp::conformance {

using nlohmann::json;

bool cli_can_send(const std::string& operation, const SentRequest& sent) {
  if (sent.fields.is_null() || sent.custom_headers || !sent.request->headers.empty() ||
      !sent.request->omit_headers.empty())
    return false;
  const Operation* op = Spec::get().operation(operation);
  if (!op) return false;
  const Shape& input = Spec::get().shape(op->input);
  json all = sent.fields;
  for (const auto& [member, bytes] : sent.blobs) all[member] = "";  // any bytes go in a file
  for (const auto& [member, value] : all.items())
    if (!input.member_shape(member)) return false;
  // botocore checks required members, types and minimums before it sends; it leaves maximums
  // and patterns to the service.
  Tolerate service_side = [](const Invalid& bad) {
    return bad.constraint.find("less than or equal to") != std::string::npos ||
           bad.constraint.find("regular expression") != std::string::npos ||
           bad.constraint.find("enum") != std::string::npos;
  };
  for (const auto& [member, bytes] : sent.blobs) all[member] = "AAAA";
  if (auto bad = validate(op->input, all, nullptr, service_side)) return false;
  // Values that the CLI cannot write as options: a string member holding an empty string
  // goes as '' fine, but a list or structure member other than strings does not.
  for (const auto& [member, value] : sent.fields.items())
    if (value.is_object()) return false;
  return true;
}

std::string Reproducer::write_file(const std::string& name, const std::string& bytes) {
  std::filesystem::create_directories(settings_.artifacts);
  auto path = settings_.artifacts / name;
  std::ofstream(path, std::ios::binary) << bytes;
  return std::filesystem::absolute(path).string();
}

std::vector<std::string> Reproducer::lines(const std::string& case_id, int step,
                                           const SentRequest& sent) {
  std::vector<std::string> out;
  std::string file_stem;
  for (char c : case_id) file_stem += (c == '/' ? '.' : c);
  file_stem += ".step" + std::to_string(step);
  const Request& request = *sent.request;
  if (settings_.resend) {
    if (cli_can_send(request.operation, sent)) {
      std::string line = std::string(kResendCommand) + " " + kebab_case(request.operation) +
                         aws_cli_target_arguments(settings_.target, settings_.region);
      // The required members in the model's order, as the aws CLI and ulp document them, then the
      // others.
      const Shape& input = Spec::get().shape(Spec::get().operation(request.operation)->input);
      std::vector<std::string> members = input.required;
      for (const auto& [member, shape] : input.members)
        if (!input.is_required(member)) members.push_back(member);
      for (const auto& member : members) {
        const std::string option = " --" + kebab_case(member);
        auto blob = std::find_if(sent.blobs.begin(), sent.blobs.end(),
                                 [&](const auto& b) { return b.first == member; });
        if (blob != sent.blobs.end()) {
          line += option + " fileb://" +
                  shell_quote(write_file(file_stem + "." + member + ".bin", *blob->second));
          continue;
        }
        auto it = sent.fields.find(member);
        if (it == sent.fields.end()) continue;
        const nlohmann::json& value = *it;
        if (value.is_boolean()) {
          line += value.get<bool>() ? option : " --no-" + kebab_case(member);
          continue;
        }
        line += option;
        if (value.is_array())
          for (const auto& item : value)
            line += " " + shell_quote(item.is_string() ? item.get<std::string>() : item.dump());
        else
          line += " " + shell_quote(value.is_string() ? value.get<std::string>() : value.dump());
      }
      out.push_back("resend: " + line);
    } else {
      std::string body_file = write_file(file_stem + ".body", request.body);
      std::string url = settings_.target.endpoint_url;
      std::string line = "curl -sS -X " + request.method + " " + shell_quote(url);
      if (settings_.target.no_verify_ssl) line += " -k";
      if (!settings_.target.ca_bundle.empty())
        line += " --cacert " + shell_quote(settings_.target.ca_bundle);
      for (const auto& [name, value] : request.wire_headers())
        line += " -H " + shell_quote(name + ": " + value);
      if (settings_.signed_requests)
        line +=
            " --aws-sigv4 " +
            shell_quote("aws:amz:" + settings_.region + ":" + Spec::get().protocol.signing_name) +
            " --user \"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\"";
      line += " --data-binary @" + shell_quote(body_file);
      out.push_back("resend with curl (ulp cannot send this request as it is): " + line);
    }
  }
  out.push_back("rerun: " + std::string(kRerunCommand) + settings_.rerun_arguments + " --filter " +
                shell_quote(case_id));
  return out;
}

}  // namespace ulp::conformance
