#include "tools/ulp/operation_command.hpp"

#include <algorithm>
#include <iostream>

#include "tools/ulp/auto_prompt.hpp"
#include "tools/ulp/call_parameters.hpp"
#include "tools/ulp/cli_error.hpp"
#include "tools/ulp/cli_input.hpp"
#include "tools/ulp/debug_log.hpp"
#include "tools/ulp/help.hpp"
#include "tools/ulp/jmespath.hpp"
#include "tools/ulp/output.hpp"
#include "tools/ulp/pager.hpp"
#include "tools/ulp/param_validation.hpp"
#include "tools/ulp/python_json.hpp"
#include "tools/ulp/response_shape.hpp"
#include "tools/ulp/service_client.hpp"
#include "tools/ulp/session.hpp"
#include "tools/ulp/skeleton.hpp"
#include "tools/ulp/wire_body.hpp"

namespace ulp::cli {

using nlohmann::ordered_json;

ArgParser operation_parser(const Command& command) {
  ArgParser p;
  for (const Member& m : command.members) {
    const std::string& type = m.shape->type;
    if (type == "boolean") {
      // --force / --no-force, both setting the member (BooleanArgument).
      p.add(OptionSpec::named(m.option).flag(m.name, "true"));
      p.add(OptionSpec::named("--no-" + m.option.substr(2)).flag(m.name, "false"));
      continue;
    }
    OptionSpec o = OptionSpec::named(m.option).needed(m.required);
    if (type == "list") o.takes(Arity::kAny);
    const bool integer_items =
        type == "list" && (Spec::get().shape(m.shape->member).type == "long" ||
                           Spec::get().shape(m.shape->member).type == "integer");
    if (type == "long" || type == "integer" || integer_items) o.integer();
    p.add(o);
  }
  p.add(OptionSpec::named("--cli-input-json"));
  p.add(OptionSpec::named("--cli-input-yaml"));
  p.add(OptionSpec::named("--generate-cli-skeleton")
            .takes(Arity::kOptional)
            .one_of({"input", "output", "yaml-input"})
            .bare_value("input"));
  return p;
}

namespace {

// OverrideRequiredArgsArgument: these make every option optional, as the CLI decides it by
// looking for the exact option names on the line.
bool waives_required(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--cli-input-json" || args[i] == "--cli-input-yaml") return true;
    if (args[i] == "--generate-cli-skeleton" && !(i + 1 < args.size() && args[i + 1] == "output"))
      return true;
  }
  return false;
}

ParsedArgs parse_operation_line(const Command& command, std::vector<std::string> args,
                                const Session& session) {
  ArgParser parser = operation_parser(command);
  if (waives_required(args)) parser.waive_required();
  const std::string mode = session.auto_prompt_mode();
  if (mode == "on" && can_prompt()) args = prompt_for_missing(command, parser, args);
  ParsedArgs parsed;
  try {
    parsed = parser.parse_known(args);
  } catch (const UsageError&) {
    if (mode != "on-partial" || !can_prompt()) throw;
    parsed = parser.parse_known(prompt_for_missing(command, parser, args));
  }
  if (!parsed.extras.empty()) {
    std::string list;
    for (const auto& e : parsed.extras) list += (list.empty() ? "" : ", ") + e;
    throw UnknownOptionsError(list);
  }
  return parsed;
}

OutputStyle output_style(const Session& session, const JmesPath* query) {
  OutputStyle style;
  style.format = session.output_format();
  static const char* const formats[] = {"json", "text", "table", "yaml", "yaml-stream"};
  if (std::find(std::begin(formats), std::end(formats), style.format) == std::end(formats))
    throw CliError(kOther, "Unknown output type: " + style.format);
  style.query = query;
  const std::string& color = session.options().color;
  style.color = color == "on" || (color == "auto" && stdout_is_terminal());
  style.terminal_width = terminal_width();
  return style;
}

}  // namespace

int run_operation(const Command& command, const std::vector<std::string>& args,
                  const GlobalOptions& globals) {
  if (args.size() == 1 && args[0] == "help") {
    std::cout << command_help(command);
    return kSuccess;
  }
  const Session session(globals);
  // --query is compiled before anything else is looked at, as the CLI does.
  std::optional<JmesPath> query;
  if (globals.query) {
    try {
      query = JmesPath::compile(*globals.query);
    } catch (const JmesPathError& e) {
      throw CliError(kUsage, "Bad value for --query " + *globals.query + ": " + e.what());
    }
  }

  ParsedArgs parsed = parse_operation_line(command, args, session);
  CallParameters parameters = parameters_from_options(command, parsed);
  CliInput input = load_cli_input(parsed);
  apply_cli_input(input, parameters);

  const std::string skeleton = parsed.one("--generate-cli-skeleton").value_or("");
  if (skeleton == "input") {
    std::cout << python_json(input_skeleton(*command.input), true);
    return kSuccess;
  }
  if (skeleton == "yaml-input") {
    std::cout << yaml_input_skeleton(*command.input);
    return kSuccess;
  }

  session.check_profile();
  const std::string region = session.region();
  const OutputStyle style = output_style(session, query ? &*query : nullptr);
  decode_blobs(parameters, *command.input, session.binary_format());
  if (session.parameter_validation()) {
    auto errors = validate_parameters(parameters, *command.input);
    if (!errors.empty()) {
      std::string text = "Parameter validation failed:";
      for (const auto& e : errors) text += "\n" + e;
      throw CliError(kUsage, text);
    }
  }

  ordered_json response;
  if (skeleton == "output") {
    // The CLI answers from a stub: the output shape with member names as values.
    response = output_skeleton(*command.output);
  } else {
    const ClientSettings settings = client_settings(session, region);
    debug_log::write("ulp.session", "region " + region + ", endpoint " + settings.endpoint_url +
                                        ", credentials from " + session.credential_source());
    ServiceClient client(settings);
    const ordered_json body = client.call(command.operation, wire_body(parameters, *command.input));
    response = shape_response(body, *command.output, session.timestamp_format() == "iso8601");
  }
  write_output(format_output(command.operation, response, style), session.pager());
  return kSuccess;
}

}  // namespace ulp::cli
