#include "tools/ulp/arg_parser.hpp"

#include <algorithm>
#include <climits>
#include <map>

#include "tools/ulp/cli_error.hpp"
#include "tools/ulp/python_text.hpp"

namespace ulp::cli {

std::optional<std::string> ParsedArgs::one(const std::string& dest) const {
  auto it = values.find(dest);
  if (it == values.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

void ArgParser::add(OptionSpec spec) {
  if (spec.dest.empty()) spec.dest = spec.name;
  options_.push_back(std::move(spec));
}

void ArgParser::set_command_positional(std::vector<std::string> choices) {
  command_choices_ = std::move(choices);
}

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// argparse's _negative_number_matcher: '^-\d+$|^-\d*\.\d+$'.
bool looks_like_negative_number(const std::string& s) {
  if (s.size() < 2 || s[0] != '-') return false;
  std::size_t i = 1, digits_before = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits_before;
  if (i == s.size()) return digits_before > 0;
  if (s[i] != '.') return false;
  std::size_t digits_after = 0;
  for (++i; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i) ++digits_after;
  return i == s.size() && digits_after > 0;
}

}  // namespace

std::optional<long long> parse_python_int(const std::string& text, bool* overflow) {
  if (overflow) *overflow = false;
  std::size_t begin = 0, end = text.size();
  while (begin < end && is_space(text[begin])) ++begin;
  while (end > begin && is_space(text[end - 1])) --end;
  bool negative = false;
  if (begin < end && (text[begin] == '+' || text[begin] == '-')) negative = text[begin++] == '-';
  if (begin == end) return std::nullopt;
  unsigned long long magnitude = 0;
  bool previous_digit = false, too_big = false;
  for (std::size_t i = begin; i < end; ++i) {
    const char c = text[i];
    if (c == '_') {
      // Underscores only between digits, one at a time.
      if (!previous_digit || i + 1 == end) return std::nullopt;
      previous_digit = false;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    previous_digit = true;
    const unsigned digit = static_cast<unsigned>(c - '0');
    if (magnitude > (ULLONG_MAX - digit) / 10) too_big = true;
    if (!too_big) magnitude = magnitude * 10 + digit;
  }
  if (!previous_digit) return std::nullopt;
  const unsigned long long limit =
      negative ? static_cast<unsigned long long>(LLONG_MAX) + 1 : LLONG_MAX;
  if (too_big || magnitude > limit) {
    if (overflow) *overflow = true;
    return std::nullopt;
  }
  if (negative) return magnitude == limit ? LLONG_MIN : -static_cast<long long>(magnitude);
  return static_cast<long long>(magnitude);
}

namespace {

// difflib.SequenceMatcher(None, a, b) without junk (ulp's words are far below the 200
// characters at which difflib starts calling frequent characters junk).
std::size_t matching_characters(const std::string& a, std::size_t alo, std::size_t ahi,
                                const std::string& b, std::size_t blo, std::size_t bhi) {
  if (alo >= ahi || blo >= bhi) return 0;
  std::size_t best_i = alo, best_j = blo, best_size = 0;
  std::map<std::size_t, std::size_t> j2len;
  for (std::size_t i = alo; i < ahi; ++i) {
    std::map<std::size_t, std::size_t> next;
    for (std::size_t j = blo; j < bhi; ++j) {
      if (b[j] != a[i]) continue;
      auto prev = j > 0 ? j2len.find(j - 1) : j2len.end();
      const std::size_t k = (prev == j2len.end() ? 0 : prev->second) + 1;
      next[j] = k;
      if (k > best_size) {
        best_i = i + 1 - k;
        best_j = j + 1 - k;
        best_size = k;
      }
    }
    j2len = std::move(next);
  }
  if (best_size == 0) return 0;
  return best_size + matching_characters(a, alo, best_i, b, blo, best_j) +
         matching_characters(a, best_i + best_size, ahi, b, best_j + best_size, bhi);
}

double ratio(const std::string& a, const std::string& b) {
  const std::size_t total = a.size() + b.size();
  if (total == 0) return 1.0;
  return 2.0 * static_cast<double>(matching_characters(a, 0, a.size(), b, 0, b.size())) /
         static_cast<double>(total);
}

}  // namespace

std::vector<std::string> close_matches(const std::string& word,
                                       const std::vector<std::string>& possibilities) {
  // SequenceMatcher(None, x, word): x is "a", the word "b".
  std::vector<std::pair<double, std::string>> scored;
  for (const auto& x : possibilities) {
    const double r = ratio(x, word);
    if (r >= 0.8) scored.emplace_back(r, x);
  }
  std::sort(scored.begin(), scored.end(), [](const auto& l, const auto& r) { return l > r; });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < scored.size() && i < 3; ++i) out.push_back(scored[i].second);
  return out;
}

std::string invalid_choice_message(const std::string& value,
                                   const std::vector<std::string>& choices) {
  // CLIArgParser._check_value: two choices a line, each padded to 40 columns.
  std::string msg = "Invalid choice, valid choices are:\n";
  for (std::size_t i = 0; i < choices.size(); i += 2) {
    std::string line;
    for (std::size_t j = i; j < choices.size() && j < i + 2; ++j) {
      if (j > i) line += " | ";
      std::string cell = choices[j];
      if (cell.size() < 40) cell.append(40 - cell.size(), ' ');
      line += cell;
    }
    msg += "\n" + line;
  }
  auto possible = close_matches(value, choices);
  if (!possible.empty()) {
    msg += "\n\n\nInvalid choice: " + python_repr(value) + ", maybe you meant:\n";
    for (std::size_t i = 0; i < possible.size(); ++i) msg += "\n  * " + possible[i];
  }
  return msg;
}

std::optional<ArgParser::Match> ArgParser::match_option(const std::string& arg,
                                                        bool* is_option) const {
  *is_option = false;
  if (arg.empty() || arg[0] != '-') return std::nullopt;
  for (const auto& o : options_)
    if (o.name == arg) {
      *is_option = true;
      return Match{&o, std::nullopt};
    }
  if (arg.size() == 1) return std::nullopt;
  const auto equals = arg.find('=');
  if (equals != std::string::npos) {
    const std::string name = arg.substr(0, equals);
    for (const auto& o : options_)
      if (o.name == name) {
        *is_option = true;
        return Match{&o, arg.substr(equals + 1)};
      }
  }
  // Abbreviations, as argparse allows them by default.
  if (arg.starts_with("--")) {
    const std::string prefix = arg.substr(0, equals);
    std::vector<const OptionSpec*> candidates;
    for (const auto& o : options_)
      if (o.name.starts_with(prefix)) candidates.push_back(&o);
    if (candidates.size() > 1) {
      std::string names;
      for (const auto* c : candidates) names += (names.empty() ? "" : ", ") + c->name;
      throw UsageError("ambiguous option: " + arg + " could match " + names);
    }
    if (candidates.size() == 1) {
      *is_option = true;
      std::optional<std::string> value;
      if (equals != std::string::npos) value = arg.substr(equals + 1);
      return Match{candidates[0], value};
    }
  }
  if (looks_like_negative_number(arg)) return std::nullopt;
  if (arg.find(' ') != std::string::npos) return std::nullopt;
  *is_option = true;  // an option nobody knows: it goes to the extras
  return Match{};
}

ParsedArgs ArgParser::parse_known(const std::vector<std::string>& input) const {
  // Classify every argument as in argparse: 'O' option-like, 'A' anything else.
  std::vector<std::string> args;
  std::vector<char> pattern;
  std::vector<std::optional<Match>> matches;
  bool after_double_dash = false;
  for (const auto& a : input) {
    if (!after_double_dash && a == "--") {
      after_double_dash = true;
      continue;
    }
    bool is_option = false;
    std::optional<Match> m;
    if (!after_double_dash) m = match_option(a, &is_option);
    args.push_back(a);
    pattern.push_back(is_option ? 'O' : 'A');
    matches.push_back(m);
  }

  ParsedArgs out;
  std::vector<const OptionSpec*> seen;
  bool command_taken = !command_choices_.has_value();

  auto store = [&](const OptionSpec& o, std::vector<std::string> values) {
    for (auto& v : values) {
      if (o.type == ArgType::kInt && !parse_python_int(v))
        throw UsageError("argument " + o.name + ": invalid int value: " + python_repr(v));
      if (!o.choices.empty() && std::find(o.choices.begin(), o.choices.end(), v) == o.choices.end())
        throw UsageError("argument " + o.name + ": " + invalid_choice_message(v, o.choices));
    }
    out.values[o.dest] = std::move(values);
    seen.push_back(&o);
  };

  std::size_t i = 0;
  while (i < args.size()) {
    if (pattern[i] == 'A') {
      if (!command_taken) {
        const auto& choices = *command_choices_;
        if (std::find(choices.begin(), choices.end(), args[i]) == choices.end())
          throw UsageError("argument command: " + invalid_choice_message(args[i], choices));
        out.command = args[i];
        command_taken = true;
      } else {
        out.extras.push_back(args[i]);
      }
      ++i;
      continue;
    }
    const Match& m = *matches[i];
    if (!m.option) {
      out.extras.push_back(args[i++]);
      continue;
    }
    const OptionSpec& o = *m.option;
    ++i;
    if (o.arity == Arity::kStoreTrue) {
      if (m.explicit_value)
        throw UsageError("argument " + o.name + ": ignored explicit argument " +
                         python_repr(*m.explicit_value));
      store(o, {o.flag_value});
      continue;
    }
    if (m.explicit_value) {
      store(o, {*m.explicit_value});
      continue;
    }
    std::vector<std::string> values;
    if (o.arity == Arity::kOne) {
      if (i >= args.size() || pattern[i] != 'A')
        throw UsageError("argument " + o.name + ": expected one argument");
      values.push_back(args[i++]);
    } else if (o.arity == Arity::kOptional) {
      if (i < args.size() && pattern[i] == 'A')
        values.push_back(args[i++]);
      else
        values.push_back(o.const_value);
    } else {
      while (i < args.size() && pattern[i] == 'A') values.push_back(args[i++]);
    }
    store(o, std::move(values));
  }

  std::vector<std::string> missing;
  if (!waive_required_)
    for (const auto& o : options_)
      if (o.required && std::find(seen.begin(), seen.end(), &o) == seen.end())
        missing.push_back(o.name);
  if (!command_taken) missing.push_back("command");
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    throw UsageError("the following arguments are required: " + list);
  }
  return out;
}

}  // namespace ulp::cli
