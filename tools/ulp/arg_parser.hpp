// Command-line parsing with the grammar and messages of Python's argparse, which the aws CLI
// is built on: abbreviated long options (--repository-n), --name=value, negative numbers as
// values, nargs '*' lists that stop at the next option (--layer-digests a b), optional
// values (--generate-cli-skeleton [input]), "the following arguments are required: ...",
// "argument --x: invalid int value: 'y'", and unconsumed arguments handed back as extras.
//
// Why not CLI11, which the project already uses: the aws CLI's grammar and its exact
// messages are part of what ulp promises, and CLI11 has a different grammar (no
// abbreviations, different list and optional-value rules) and different messages.
//
//   ArgParser p;
//   p.add(OptionSpec::named("--part-first-byte").integer().needed());
//   ParsedArgs a = p.parse_known(args);  // throws UsageError
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ulp::cli {

enum class Arity {
  kOne,        // --name VALUE
  kAny,        // --name [VALUE ...]   (nargs='*')
  kOptional,   // --name [VALUE]       (nargs='?', const_value when absent)
  kStoreTrue,  // --name               (a flag; see flag_value)
};

enum class ArgType { kString, kInt };

struct OptionSpec {
  std::string name;  // "--part-first-byte"
  Arity arity = Arity::kOne;
  ArgType type = ArgType::kString;
  bool required = false;
  std::vector<std::string> choices;  // empty: any value
  std::string const_value;           // kOptional without a value
  std::string dest;                  // empty: the name; --force and --no-force share "force"
  std::string flag_value = "true";   // what a kStoreTrue flag stores

  // Builders: OptionSpec::named("--output").one_of({"json", "text"}).
  static OptionSpec named(std::string n) {
    OptionSpec o;
    o.name = std::move(n);
    return o;
  }
  OptionSpec& takes(Arity a) { return arity = a, *this; }
  OptionSpec& integer() { return type = ArgType::kInt, *this; }
  OptionSpec& needed(bool r = true) { return required = r, *this; }
  OptionSpec& one_of(std::vector<std::string> c) { return choices = std::move(c), *this; }
  OptionSpec& bare_value(std::string v) { return const_value = std::move(v), *this; }
  // A flag that stores `value` into `destination`.
  OptionSpec& flag(std::string destination, std::string value) {
    arity = Arity::kStoreTrue;
    dest = std::move(destination);
    flag_value = std::move(value);
    return *this;
  }
};

struct ParsedArgs {
  // dest -> values as given (a flag stores its flag_value); absent when not on the line.
  std::map<std::string, std::vector<std::string>> values;
  std::optional<std::string> command;  // the positional, when the parser has one
  std::vector<std::string> extras;     // what no option or positional took

  bool has(const std::string& dest) const { return values.count(dest) != 0; }
  std::optional<std::string> one(const std::string& dest) const;  // the last value
};

class ArgParser {
 public:
  void add(OptionSpec spec);
  // A positional "command" with these choices (the main parser's subcommand).
  void set_command_positional(std::vector<std::string> choices);
  // Treat every option as optional (--cli-input-json, --generate-cli-skeleton input).
  void waive_required() { waive_required_ = true; }

  // argparse's parse_known_args: throws UsageError for a malformed line.
  ParsedArgs parse_known(const std::vector<std::string>& args) const;
  const std::vector<OptionSpec>& options() const { return options_; }

 private:
  struct Match {
    const OptionSpec* option = nullptr;
    std::optional<std::string> explicit_value;  // from --name=value
  };
  std::optional<Match> match_option(const std::string& arg, bool* is_option) const;

  std::vector<OptionSpec> options_;
  std::optional<std::vector<std::string>> command_choices_;
  bool waive_required_ = false;
};

// Python's int(): surrounding whitespace, a sign, digits with single underscores between
// them. nullopt when the text is not an integer or does not fit in 64 bits.
std::optional<long long> parse_python_int(const std::string& text, bool* overflow = nullptr);

// argparse's invalid-choice text, with difflib's "maybe you meant" suggestions.
std::string invalid_choice_message(const std::string& value,
                                   const std::vector<std::string>& choices);

// difflib.get_close_matches(word, possibilities, n=3, cutoff=0.8).
std::vector<std::string> close_matches(const std::string& word,
                                       const std::vector<std::string>& possibilities);

}  // namespace ulp::cli
