#include "tools/ulp/global_options.hpp"

#include "tools/ulp/cli_error.hpp"

namespace ulp::cli {

ArgParser global_parser(const std::vector<std::string>& commands) {
  ArgParser p;
  auto flag = [&](std::string name, std::string dest = "", std::string value = "true") {
    p.add(OptionSpec::named(name).flag(dest.empty() ? name : dest, std::move(value)));
  };
  auto value = [&](std::string name, std::vector<std::string> choices = {},
                   ArgType type = ArgType::kString) {
    OptionSpec o = OptionSpec::named(std::move(name)).one_of(std::move(choices));
    if (type == ArgType::kInt) o.integer();
    p.add(o);
  };
  flag("--debug");
  value("--endpoint-url");
  flag("--no-verify-ssl", "verify_ssl", "false");
  flag("--no-paginate", "paginate", "false");
  value("--output", {"json", "text", "table", "yaml", "yaml-stream"});
  value("--query");
  value("--profile");
  value("--region");
  flag("--version");
  value("--color", {"on", "off", "auto"});
  flag("--no-sign-request", "sign_request", "false");
  value("--ca-bundle");
  value("--cli-read-timeout", {}, ArgType::kInt);
  value("--cli-connect-timeout", {}, ArgType::kInt);
  value("--cli-binary-format", {"base64", "raw-in-base64-out"});
  flag("--no-cli-pager");
  flag("--cli-auto-prompt");
  flag("--no-cli-auto-prompt");
  flag("--no-param-validation", "param_validation", "false");
  p.set_command_positional(commands);
  return p;
}

GlobalOptions global_options_from(const ParsedArgs& a) {
  GlobalOptions g;
  g.debug = a.has("--debug");
  g.endpoint_url = a.one("--endpoint-url");
  g.verify_ssl = !a.has("verify_ssl");
  g.paginate = !a.has("paginate");
  g.output = a.one("--output");
  g.query = a.one("--query");
  g.profile = a.one("--profile");
  g.region = a.one("--region");
  g.version = a.has("--version");
  if (auto c = a.one("--color")) g.color = *c;
  g.sign_request = !a.has("sign_request");
  g.ca_bundle = a.one("--ca-bundle");
  // The parser has checked both are integers.
  if (auto t = a.one("--cli-read-timeout"))
    g.read_timeout = static_cast<int>(*parse_python_int(*t));
  if (auto t = a.one("--cli-connect-timeout"))
    g.connect_timeout = static_cast<int>(*parse_python_int(*t));
  g.binary_format = a.one("--cli-binary-format");
  g.no_cli_pager = a.has("--no-cli-pager");
  g.cli_auto_prompt = a.has("--cli-auto-prompt");
  g.no_cli_auto_prompt = a.has("--no-cli-auto-prompt");
  g.param_validation = !a.has("param_validation");
  if (g.endpoint_url && g.endpoint_url->find("://") == std::string::npos)
    throw CliError(kUsage, "Bad value for --endpoint-url \"" + *g.endpoint_url +
                               "\": scheme is missing.  Must be of the form "
                               "http://<hostname>/ or https://<hostname>/");
  return g;
}

}  // namespace ulp::cli
