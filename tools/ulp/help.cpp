#include "tools/ulp/help.hpp"

#include <sys/utsname.h>

#include <sstream>

#ifndef ULP_VERSION
#define ULP_VERSION "0.0.0"
#endif

namespace ulp::cli {

namespace {

// Wraps text at 76 columns under an indent.
std::string wrap(const std::string& text, const std::string& indent) {
  std::istringstream words(text);
  std::string word, line, out;
  while (words >> word) {
    if (!line.empty() && line.size() + 1 + word.size() > 76) {
      out += indent + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) out += indent + line + "\n";
  return out;
}

std::string type_of(const Shape& s) {
  return s.type == "long" ? "long" : s.type;
}

}  // namespace

std::string version_text() {
  utsname u{};
  ::uname(&u);
  return std::string("ulp/") + ULP_VERSION + " (aws-cli v2 compatible) " + u.sysname + "/" +
         u.release + " model/" + Spec::get().model_metadata.value("uid", "ecr") + "\n";
}

std::string main_help() {
  std::string out =
      "ulp: Amazon ECR's layer-upload operations as the aws CLI v2 offers them\n\n"
      "SYNOPSIS\n  ulp [options] <command> [parameters]\n\nCOMMANDS\n";
  for (const auto& c : CommandTable::get().commands()) out += "  " + c.name + "\n";
  out +=
      "  push-layer FILE --repository-name NAME [--registry-id ID] [--part-size N]\n"
      "      initiate, upload every part in order, complete with the file's sha256 digest,\n"
      "      check availability; prints the digest\n\n"
      "GLOBAL OPTIONS\n"
      "  --debug --endpoint-url URL --no-verify-ssl --no-paginate\n"
      "  --output json|text|table|yaml|yaml-stream --query JMESPATH --profile NAME\n"
      "  --region NAME --version --color on|off|auto --no-sign-request --ca-bundle PATH\n"
      "  --cli-read-timeout N --cli-connect-timeout N\n"
      "  --cli-binary-format base64|raw-in-base64-out --no-cli-pager\n"
      "  --cli-auto-prompt --no-cli-auto-prompt\n"
      "  --no-param-validation   (ulp only) skip client-side checks, to replay invalid requests\n\n"
      "EXIT CODES\n  0 success, 252 usage error, 253 configuration error, 254 service error,\n"
      "  255 other error, 130 interrupted\n";
  return out;
}

std::string command_help(const Command& c) {
  const CommandTable& t = CommandTable::get();
  std::string out = c.name + "\n\nDESCRIPTION\n" + wrap(t.operation_text(c.operation), "  ") +
                    "\nSYNOPSIS\n  " + c.name + "\n";
  for (const auto& m : c.members) {
    std::string value = m.shape->type == "boolean" ? "" : " <value>";
    std::string line =
        m.shape->type == "boolean" ? m.option + " | --no-" + m.option.substr(2) : m.option + value;
    out += "  " + (m.required ? line : "[" + line + "]") + "\n";
  }
  out +=
      "  [--cli-input-json | --cli-input-yaml]\n  [--generate-cli-skeleton <value>]\n"
      "  [global options: ulp help]\n\nOPTIONS\n";
  for (const auto& m : c.members) {
    out +=
        "  " + m.option + " (" + type_of(*m.shape) + ")" + (m.required ? " [required]" : "") + "\n";
    out += wrap(t.member_text(*c.input, m.name), "      ");
  }
  out += "\nOUTPUT\n";
  for (const auto& [member, shape] : t.members_of(*c.output))
    out += "  " + member + " -> (" + Spec::get().shape(shape).type + ")\n" +
           wrap(t.member_text(*c.output, member), "      ");
  return out;
}

}  // namespace ulp::cli
