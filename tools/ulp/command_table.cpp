#include "tools/ulp/command_table.hpp"

#include <re2/re2.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace ulp::cli {

std::string_view model_docs_json();  // generated from model-docs.json (embed_text.cmake)

std::string xform_name(std::string_view name, char sep) {
  std::string s(name);
  if (s.find(sep) != std::string::npos) return s;
  const std::string separator(1, sep);
  // Plural acronyms at the end ("ARNs") stay one word, as in botocore.
  static const re2::RE2 special_case("([A-Z]{2,}s)$");
  std::string plural;
  if (re2::RE2::PartialMatch(s, special_case, &plural)) {
    for (char& c : plural)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    s = s.substr(0, s.size() - plural.size()) + separator + plural;
  }
  static const re2::RE2 first_cap("(.)([A-Z][a-z]+)");
  static const re2::RE2 end_cap("([a-z0-9])([A-Z])");
  re2::RE2::GlobalReplace(&s, first_cap, "\\1" + separator + "\\2");
  re2::RE2::GlobalReplace(&s, end_cap, "\\1" + separator + "\\2");
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

const Member* Command::member(std::string_view name) const {
  for (const auto& m : members)
    if (m.name == name) return &m;
  return nullptr;
}

CommandTable::CommandTable() {
  const Spec& spec = Spec::get();
  // Spec's typed maps are sorted; its model keeps the order the model is written in.
  const nlohmann::ordered_json& model = spec.model;
  for (const auto& [name, shape] : model.at("shapes").items()) {
    std::vector<std::pair<std::string, std::string>> members;
    if (shape.contains("members"))
      for (const auto& [member, member_shape] : shape["members"].items())
        members.emplace_back(member, member_shape.get<std::string>());
    order_.emplace_back(name, std::move(members));
  }
  for (const auto& [operation, description] : model.at("operations").items()) {
    Command c;
    c.name = xform_name(operation);
    c.operation = operation;
    c.input = &spec.shape(description.at("input"));
    c.output = &spec.shape(description.at("output"));
    for (const auto& [member, shape_name] : members_of(*c.input))
      c.members.push_back({member, "--" + xform_name(member), &spec.shape(shape_name),
                           c.input->is_required(member)});
    commands_.push_back(std::move(c));
  }
}

void CommandTable::load_docs() const {
  std::call_once(docs_loaded_, [this] {
    auto docs = nlohmann::json::parse(model_docs_json());
    for (const auto& [key, value] : docs.at("members").items())
      member_docs_.emplace_back(key, std::make_pair(value.at("overview").get<std::string>(),
                                                    value.at("text").get<std::string>()));
    for (const auto& [key, value] : docs.at("operations").items())
      operation_docs_.emplace_back(key, value.get<std::string>());
  });
}

const CommandTable& CommandTable::get() {
  static const CommandTable table;
  return table;
}

const Command* CommandTable::find(std::string_view name) const {
  for (const auto& c : commands_)
    if (c.name == name) return &c;
  return nullptr;
}

const Command* CommandTable::for_operation(std::string_view operation) const {
  for (const auto& c : commands_)
    if (c.operation == operation) return &c;
  return nullptr;
}

const std::vector<std::pair<std::string, std::string>>& CommandTable::members_of(
    const Shape& shape) const {
  for (const auto& [name, members] : order_)
    if (name == shape.name) return members;
  throw std::out_of_range("spec/model.json has no shape " + shape.name);
}

std::string CommandTable::member_overview(const Shape& structure, const std::string& member) const {
  load_docs();
  const std::string key = structure.name + "." + member;
  for (const auto& [k, docs] : member_docs_)
    if (k == key) return docs.first;
  return "";
}

std::string CommandTable::member_text(const Shape& structure, const std::string& member) const {
  load_docs();
  const std::string key = structure.name + "." + member;
  for (const auto& [k, docs] : member_docs_)
    if (k == key) return docs.second;
  return "";
}

std::string CommandTable::operation_text(const std::string& operation) const {
  load_docs();
  for (const auto& [k, text] : operation_docs_)
    if (k == operation) return text;
  return "";
}

}  // namespace ulp::cli
