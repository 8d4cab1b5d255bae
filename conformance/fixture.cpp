#include "conformance/fixture.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "conformance/expression.hpp"
#include "core/races.hpp"
#include "core/spec.hpp"

namespace ulp::conformance {

using nlohmann::json;

std::string LoadError::text() const {
  return file + ": " + (field.empty() ? "" : field + ": ") + message;
}

std::vector<std::string> Case::checked_requirements() const {
  std::vector<std::string> out = requirements;
  for (const auto& step : steps)
    for (const auto& e : step.expect)
      if (!e.requirement.empty() && std::find(out.begin(), out.end(), e.requirement) == out.end())
        out.push_back(e.requirement);
  return out;
}

const std::vector<std::string>& context_names() {
  static const std::vector<std::string> names = {
      "repositoryName",        "otherRepositoryName", "disposableRepositoryName",
      "unknownRepositoryName", "registryId",          "region"};
  return names;
}

const std::vector<std::string>& limit_names() {
  static const std::vector<std::string> names = {"minPartBytes",
                                                 "maxPartBytes",
                                                 "partSize",
                                                 "maxPartsPerLayer",
                                                 "maxLayerBytes",
                                                 "uploadLifetimeSeconds",
                                                 "maxOpenUploadsPerRepository"};
  return names;
}

std::string expression_text(const json& v) {
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  std::string s = v.get<std::string>();
  if (s.starts_with("${") && s.ends_with("}")) s = s.substr(2, s.size() - 3);
  return s;
}

namespace {

const std::map<std::string, std::pair<int, int>> kFunctions = {
    // name -> (min, max) number of arguments
    {"size", {1, 64}},     {"digest", {0, 64}}, {"repeat", {2, 2}},
    {"replicate", {2, 2}}, {"uuid", {0, 0}},    {"base64Size", {1, 1}}};

std::vector<std::string> spec_names() {
  std::vector<std::string> names = {
      "protocol.contentType",        "protocol.targetPrefix",      "protocol.targetHeader",
      "protocol.requestIdHeader",    "protocol.errorTypeHeader",   "protocol.errorStatus.client",
      "protocol.errorStatus.server", "protocol.bodyOverheadBytes", "protocol.maxJsonDepth"};
  for (const auto& [name, shape] : Spec::get().shapes) {
    if (shape.min) names.push_back(name + ".min");
    if (shape.max) names.push_back(name + ".max");
  }
  return names;
}

std::vector<std::string> error_names() {
  std::vector<std::string> names;
  for (const auto& [name, shape] : Spec::get().shapes)
    if (shape.exception) names.push_back(name);
  for (const auto& [name, what] : Spec::get().protocol.protocol_errors) names.push_back(name);
  for (const auto& [reason, refusal] : Spec::get().protocol.authentication.refusals)
    names.push_back(refusal.type);
  return names;
}

std::string hint(const std::string& word, const std::vector<std::string>& candidates) {
  std::string h = did_you_mean(word, candidates);
  return h.empty() ? "" : " (did you mean \"" + h + "\"?)";
}

// Checks one fixture against the spec, and builds its cases.
class FixtureReader {
 public:
  FixtureReader(std::string file, Fixtures& out) : file_(std::move(file)), out_(out) {}

  void read(const json& j, const std::filesystem::path& path) {
    Case c;
    c.file = path;
    c.fixture_id = j["id"];
    c.title = j["title"];
    c.description = j.value("description", "");
    c.requirements = j["requirements"].get<std::vector<std::string>>();
    if (j.contains("tags")) c.tags = j["tags"].get<std::vector<std::string>>();
    if (path.stem() != c.fixture_id)
      error("id", "\"" + c.fixture_id + "\" differs from the file name " +
                      path.filename().string() + " (name the file <id>.json)");

    const Spec& spec = Spec::get();
    for (std::size_t i = 0; i < c.requirements.size(); ++i) {
      const auto* r = spec.requirement(c.requirements[i]);
      if (!r) error(child_path("requirements", i), unknown_requirement(c.requirements[i]));
    }
    if (j.contains("blobs"))
      for (const auto& [name, b] : j["blobs"].items()) {
        BlobSpec spec_of_blob{b["size"], b.value("seed", std::uint64_t{0})};
        check_integer_expression(b["size"], child_path(child_path("blobs", name), "size"),
                                 /*limits only*/ true);
        c.blobs[name] = spec_of_blob;
      }
    blobs_ = &c.blobs;

    std::vector<std::pair<std::string, json>> variants;  // label -> value
    if (j.contains("forEach")) {
      variable_ = j["forEach"]["var"];
      variants = read_variants(j["forEach"]["values"]);
    }
    for (std::size_t i = 0; i < j["steps"].size(); ++i)
      c.steps.push_back(read_step(j["steps"][i], child_path("steps", i)));

    // Only once the requirements themselves are known: an unknown one is its own error.
    std::set<std::string> checked;
    for (const auto& s : c.steps)
      for (const auto& e : s.expect) checked.insert(e.requirement);
    const bool all_known = ok_;
    for (std::size_t i = 0; i < c.requirements.size() && all_known; ++i)
      if (!checked.count(c.requirements[i]))
        error(child_path("requirements", i),
              c.requirements[i] +
                  " is declared but no expectation checks it (give one \"requirement\": \"" +
                  c.requirements[i] + "\")");
    if (!ok_) return;

    if (variants.empty()) {
      c.id = c.fixture_id;
      out_.cases.push_back(std::move(c));
      return;
    }
    for (auto& [label, value] : variants) {
      Case v = c;
      v.id = c.fixture_id + "/" + label;
      v.variant = label;
      v.variables[variable_] = value;
      out_.cases.push_back(std::move(v));
    }
  }

 private:
  void error(const std::string& field, const std::string& message) {
    out_.errors.push_back({file_, field, message});
    ok_ = false;
  }

  std::string unknown_requirement(const std::string& id) {
    std::vector<std::string> ids;
    for (const auto& r : Spec::get().requirements()) ids.push_back(r.id);
    return "no requirement " + id + " in spec/requirements.json" + hint(id, ids);
  }

  std::vector<std::pair<std::string, json>> read_variants(const json& values) {
    std::vector<std::pair<std::string, json>> out;
    if (values.is_object()) {
      std::string shape = values["requiredOf"];
      auto it = Spec::get().shapes.find(shape);
      if (it == Spec::get().shapes.end() || it->second.type != "structure") {
        error("forEach.values.requiredOf", "no structure shape " + shape + " in spec/model.json");
        return out;
      }
      for (const auto& m : it->second.required) out.emplace_back(m, m);
      return out;
    }
    static const RE2 simple("[A-Za-z0-9._-]{1,40}");
    std::set<std::string> labels;
    for (std::size_t i = 0; i < values.size(); ++i) {
      const json& v = values[i];
      std::string label;
      json value = v;
      if (v.is_object()) {
        label = v["label"];
        value = v["value"];
      } else {
        label = v.is_string() ? v.get<std::string>() : v.dump();
        if (!RE2::FullMatch(label, simple)) {
          error(child_path("forEach.values", i),
                "this value needs a label: {\"label\": \"...\", \"value\": " +
                    v.dump().substr(0, 40) + "}");
          continue;
        }
      }
      if (!labels.insert(label).second)
        error(child_path("forEach.values", i), "the label \"" + label + "\" is used twice");
      check_template(value, child_path("forEach.values", i), /*in_repeat*/ false);
      out.emplace_back(label, value);
    }
    return out;
  }

  bool known_name(const std::string& name, bool in_repeat) {
    static const std::vector<std::string> spec = spec_names();
    auto in = [&](const std::vector<std::string>& v) {
      return std::find(v.begin(), v.end(), name) != v.end();
    };
    if (in(context_names()) || in(limit_names()) || in(spec) || saved_.count(name)) return true;
    if (in_repeat && name == "i") return true;
    return !variable_.empty() && (name == variable_ || name.starts_with(variable_ + "."));
  }

  std::vector<std::string> all_names() {
    std::vector<std::string> v = context_names();
    v.insert(v.end(), limit_names().begin(), limit_names().end());
    for (const auto& s : saved_) v.push_back(s);
    if (!variable_.empty()) v.push_back(variable_);
    return v;
  }

  void check_node(const Node& n, const std::string& field, bool in_repeat, bool limits_only) {
    if (n.kind == Node::Kind::name) {
      bool ok = limits_only ? std::find(limit_names().begin(), limit_names().end(), n.text) !=
                                  limit_names().end()
                            : known_name(n.text, in_repeat);
      if (!ok)
        error(field, "unknown name '" + n.text + "'" +
                         (limits_only ? " (a blob's size may use the limits only: " +
                                            limit_names().front() + ", ...)"
                                      : hint(n.text, all_names())));
      return;
    }
    if (n.kind == Node::Kind::call) {
      auto f = kFunctions.find(n.text);
      if (f == kFunctions.end()) {
        std::vector<std::string> names;
        for (const auto& [name, arity] : kFunctions) names.push_back(name);
        error(field, "unknown function '" + n.text + "'" + hint(n.text, names));
        return;
      }
      int count = static_cast<int>(n.args.size());
      if (count < f->second.first || count > f->second.second) {
        error(field, n.text + "() takes " + std::to_string(f->second.first) +
                         (f->second.second > f->second.first ? " or more" : "") + " arguments");
        return;
      }
      if (n.text == "size" || n.text == "digest") {
        for (const auto& a : n.args)
          if (a->kind != Node::Kind::name || !blobs_->count(a->text))
            error(field, n.text + "() takes names of the case's blobs; '" +
                             (a->kind == Node::Kind::name ? a->text : std::string("(expression)")) +
                             "' is none");
        return;
      }
    }
    for (const auto& a : n.args) check_node(*a, field, in_repeat, limits_only);
  }

  void check_expression(const std::string& text, const std::string& field, bool in_repeat,
                        bool limits_only = false) {
    try {
      check_node(*parse_expression(text), field, in_repeat, limits_only);
    } catch (const ExpressionError& e) {
      error(field, e.what());
    }
  }

  void check_integer_expression(const json& v, const std::string& field, bool limits_only = false,
                                bool in_repeat = false) {
    check_expression(expression_text(v), field, in_repeat, limits_only);
  }

  void check_string_template(const std::string& s, const std::string& field, bool in_repeat) {
    try {
      for (const auto& piece : parse_template(s))
        if (piece.expr) check_node(*piece.expr, field, in_repeat, false);
    } catch (const ExpressionError& e) {
      error(field, e.what());
    }
  }

  void check_template(const json& v, const std::string& field, bool in_repeat) {
    if (v.is_string()) return check_string_template(v, field, in_repeat);
    if (v.is_array())
      for (std::size_t i = 0; i < v.size(); ++i)
        check_template(v[i], child_path(field, i), in_repeat);
    if (!v.is_object()) return;
    if (v.contains("$blob")) {
      const json& b = v["$blob"];
      std::string where = child_path(field, "$blob");
      if (v.size() != 1) error(field, "a {\"$blob\": ...} object has no other member");
      if (b.is_string()) {
        if (!blobs_->count(b.get<std::string>()))
          error(where, "no blob \"" + b.get<std::string>() + "\" in the case's \"blobs\"");
      } else if (b.is_object() && b.contains("size") &&
                 (b["size"].is_number_integer() || b["size"].is_string())) {
        for (const auto& [k, x] : b.items())
          if (k != "size" && k != "seed") error(child_path(where, k), "unknown field");
        check_integer_expression(b["size"], child_path(where, "size"), false, in_repeat);
      } else {
        error(where, "must name a blob or be {\"size\": ..., \"seed\": ...}");
      }
      return;
    }
    for (const auto& [k, x] : v.items()) check_template(x, child_path(field, k), in_repeat);
  }

  void check_matcher(const json& m, const std::string& field, bool in_repeat) {
    if (!m.is_object()) return check_template(m, field, in_repeat);
    for (const auto& [k, v] : m.items()) {
      std::string where = child_path(field, k);
      if (k == "anyOf")
        for (std::size_t i = 0; i < v.size(); ++i)
          check_matcher(v[i], child_path(where, i), in_repeat);
      else if (k == "not")
        check_matcher(v, where, in_repeat);
      else if (k == "equals" || k == "mediaType")
        check_template(v, where, in_repeat);
      else if (k == "min" || k == "max")
        check_integer_expression(v, where, false, in_repeat);
      else if (k == "shape" && !Spec::get().shapes.count(v.get<std::string>()))
        error(where, "no shape " + v.get<std::string>() + " in spec/model.json");
      else if (k == "pattern" && !RE2(v.get<std::string>(), RE2::Quiet).ok())
        error(where, "not a valid RE2 regular expression");
    }
  }

  Expectation read_expectation(const json& j, const std::string& field, const Step& step,
                               const json& step_json) {
    Expectation e;
    e.where = field;
    // The requirement this check tests: its own, else its step's. Never the case's: a step
    // that brings the target into a state tests the rule of its own request.
    e.requirement = j.value("requirement", step_json.value("requirement", std::string()));
    if (e.requirement.empty())
      error(field,
            "names no requirement: give it, or its step, the \"requirement\" its check tests");
    else if (j.contains("requirement") && !Spec::get().requirement(e.requirement))
      error(child_path(field, "requirement"), unknown_requirement(e.requirement));
    e.success = j.value("success", false);
    e.refused = j.value("refused", false);
    if (j.contains("error")) {
      const json& err = j["error"];
      e.errors = err.is_string() ? std::vector<std::string>{err.get<std::string>()}
                                 : err["anyOf"].get<std::vector<std::string>>();
      static const std::vector<std::string> known = error_names();
      for (const auto& name : e.errors)
        if (std::find(known.begin(), known.end(), name) == known.end())
          error(
              child_path(field, "error"),
              "\"" + name + "\" is not an error of the model or the protocol" + hint(name, known));
    }
    if (e.success && (e.refused || !e.errors.empty()))
      error(field, "\"success\" excludes \"refused\" and \"error\"");
    bool in_repeat = step.repeat.has_value();
    if (j.contains("status")) {
      e.status = j["status"];
      check_matcher(*e.status, child_path(field, "status"), in_repeat);
    }
    if (j.contains("successes")) {
      e.successes = j["successes"];
      check_matcher(*e.successes, child_path(field, "successes"), in_repeat);
      if (step.copies < 2)
        error(child_path(field, "successes"), "counts copies: the step needs \"copies\"");
    }
    if (step.copies > 1)
      for (const auto& [k, v] : j.items())
        if (k != "successes" && k != "error" && k != "requirement" && k != "race")
          error(child_path(field, k),
                "with \"copies\", an expectation has only \"successes\", \"error\", \"race\" "
                "and \"requirement\"");
    if (!step.alongside.empty())
      for (const auto& [k, v] : j.items())
        if (k != "race" && k != "requirement")
          error(child_path(field, k),
                "with \"alongside\", an expectation has only \"race\" and \"requirement\"");
    e.race = j.value("race", false);
    if (e.race)
      check_race(e, step, child_path(field, "race"));
    else if (!step.alongside.empty())
      error(field, "the answers of requests sent together are judged by \"race\": true");
    for (const char* part : {"headers", "body"}) {
      if (!j.contains(part)) continue;
      for (const auto& [k, m] : j[part].items()) {
        if (std::string(part) == "headers")
          check_string_template(k, child_path(field, part), in_repeat);
        check_matcher(m, child_path(child_path(field, part), k), in_repeat);
        (std::string(part) == "headers" ? e.headers : e.body).emplace_back(k, m);
      }
    }
    if (j.contains("bodyShape")) {
      e.body_shape = j["bodyShape"];
      if (!Spec::get().shapes.count(e.body_shape))
        error(child_path(field, "bodyShape"), "no shape " + e.body_shape + " in spec/model.json");
    }
    return e;
  }

  // A race expectation names a requirement whose race rule lists the step's operations.
  void check_race(const Expectation& e, const Step& step, const std::string& field) {
    if (step.copies < 2 && step.alongside.empty()) {
      error(field, "judges requests sent together: the step needs \"copies\" or \"alongside\"");
      return;
    }
    const RaceRule* rule = race_rule(e.requirement);
    if (!rule) {
      error(field, e.requirement + " states no race (spec/requirements.json, \"race\")");
      return;
    }
    std::vector<std::string> ops(static_cast<std::size_t>(std::max(step.copies, 1)), step.op);
    for (const auto& other : step.alongside) ops.push_back(other.op);
    if (ops != rule->operations) {
      std::string listed;
      for (const auto& op : rule->operations) listed += (listed.empty() ? "" : ", ") + op;
      error(field, e.requirement + "'s race is between " + listed +
                       ": send those, the step's own request first");
    }
  }

  Step read_alongside(const json& j, const std::string& field) {
    Step s;
    s.op = j["op"];
    check_operation(s.op, child_path(field, "op"));
    if (j.contains("request")) {
      s.request = j["request"];
      check_template(*s.request, child_path(field, "request"), false);
    }
    return s;
  }

  void check_operation(const std::string& op, const std::string& field) {
    if (Spec::get().operation(op)) return;
    std::vector<std::string> ops;
    for (const auto& [name, operation] : Spec::get().operations) ops.push_back(name);
    error(field, "no operation " + op + " in spec/model.json" + hint(op, ops));
  }

  Step read_step(const json& j, const std::string& field) {
    Step s;
    s.title = j.value("title", "");
    s.op = j["op"];
    check_operation(s.op, child_path(field, "op"));
    if (j.contains("requirement") && !Spec::get().requirement(j["requirement"]))
      error(child_path(field, "requirement"), unknown_requirement(j["requirement"]));
    if (j.contains("repeat")) {
      s.repeat = j["repeat"];
      check_integer_expression(*s.repeat, child_path(field, "repeat"));
    }
    bool in_repeat = s.repeat.has_value();
    if (j.contains("request")) {
      s.request = j["request"];
      check_template(*s.request, child_path(field, "request"), in_repeat);
    }
    if (j.contains("omit")) {
      if (!s.request) error(child_path(field, "omit"), "omits members of \"request\": add one");
      s.omit = j["omit"].get<std::vector<std::string>>();
      for (std::size_t i = 0; i < s.omit.size(); ++i)
        check_string_template(s.omit[i], child_path(child_path(field, "omit"), i), in_repeat);
    }
    if (j.contains("rawBody")) {
      s.raw_body = j["rawBody"];
      check_string_template(*s.raw_body, child_path(field, "rawBody"), in_repeat);
    }
    if (j.contains("headers"))
      for (const auto& [k, v] : j["headers"].items()) {
        s.headers.emplace_back(k, v);
        check_string_template(k, child_path(field, "headers"), in_repeat);
        check_string_template(v, child_path(child_path(field, "headers"), k), in_repeat);
      }
    if (j.contains("omitHeaders")) s.omit_headers = j["omitHeaders"];
    s.signing = j.value("signing", "");
    s.copies = j.value("copies", 1);
    s.wait_seconds = j.value("waitSeconds", 0.0);
    if (s.copies > 1 && s.repeat)
      error(child_path(field, "copies"), "\"copies\" and \"repeat\" exclude each other");
    if (j.contains("alongside")) {
      for (std::size_t i = 0; i < j["alongside"].size(); ++i)
        s.alongside.push_back(
            read_alongside(j["alongside"][i], child_path(child_path(field, "alongside"), i)));
      if (s.copies > 1 || s.repeat)
        error(child_path(field, "alongside"), "\"alongside\" excludes \"copies\" and \"repeat\"");
    }

    const json& expect = j["expect"];
    if (expect.is_array())
      for (std::size_t i = 0; i < expect.size(); ++i)
        s.expect.push_back(
            read_expectation(expect[i], child_path(child_path(field, "expect"), i), s, j));
    else
      s.expect.push_back(read_expectation(expect, child_path(field, "expect"), s, j));

    if (j.contains("save")) {
      if (s.copies > 1 || !s.alongside.empty())
        error(child_path(field, "save"), "a step with \"copies\" or \"alongside\" saves nothing");
      for (const auto& [name, path] : j["save"].items()) {
        s.save.emplace_back(name, path);
        saved_.insert(name);
      }
    }
    return s;
  }

  std::string file_;
  Fixtures& out_;
  bool ok_ = true;
  std::string variable_;
  std::set<std::string> saved_;
  const std::map<std::string, BlobSpec>* blobs_ = nullptr;
};

std::string line_and_column(const std::string& text, std::size_t byte) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i + 1 < byte && i < text.size(); ++i) {
    if (text[i] == '\n')
      ++line, column = 1;
    else
      ++column;
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace

void load_fixture(const std::filesystem::path& file, const std::string& text,
                  const JsonSchema& schema, Fixtures& into) {
  std::error_code ec;
  auto shown = std::filesystem::proximate(file, ec);
  const std::string name = ec ? file.string() : shown.string();
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error ..."
    auto colon = what.find(": ");
    into.errors.push_back(
        {name, line_and_column(text, e.byte),
         "not valid JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2))});
    return;
  }
  if (auto bad = schema.validate(j)) {
    into.errors.push_back({name, bad->path, bad->message + " (spec/fixture.schema.json)"});
    return;
  }
  FixtureReader(name, into).read(j, file);
}

Fixtures load_fixtures(const std::vector<std::filesystem::path>& dirs, const JsonSchema& schema) {
  Fixtures out;
  for (const auto& dir : dirs) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
      out.errors.push_back({dir.string(), "", "no such directory of fixtures"});
      continue;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
      if (entry.is_regular_file() && entry.path().extension() == ".json")
        files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      load_fixture(f, text.str(), schema, out);
    }
  }
  std::map<std::string, std::string> seen;  // id -> file
  for (const auto& c : out.cases) {
    auto [it, fresh] = seen.emplace(c.id, c.file.string());
    if (!fresh && it->second != c.file.string())
      out.errors.push_back(
          {c.file.string(), "id", "\"" + c.id + "\" is also the ID of " + it->second});
  }
  return out;
}

}  // namespace ulp::conformance
