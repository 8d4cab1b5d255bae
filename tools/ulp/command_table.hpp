// The commands ulp offers, derived from spec/model.json: one per operation, named as the aws
// CLI names it (UploadLayerPart -> upload-layer-part), with one option per member of the
// operation's input shape (partFirstByte -> --part-first-byte), in the model's order.
//
//   const ulp::cli::Command* c = ulp::cli::CommandTable::get().find("upload-layer-part");
//   for (const auto& m : c->members) std::cout << m.option << (m.required ? " (required)" : "");
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/spec.hpp"

namespace ulp::cli {

// botocore's xform_name: "UploadLayerPart" -> "upload-layer-part" (with sep '-').
std::string xform_name(std::string_view name, char sep = '-');

struct Member {
  std::string name;    // "partFirstByte"
  std::string option;  // "--part-first-byte"
  const Shape* shape;  // "PartSize"
  bool required = false;
};

struct Command {
  std::string name;       // "upload-layer-part"
  std::string operation;  // "UploadLayerPart"
  const Shape* input;
  const Shape* output;
  std::vector<Member> members;  // the input shape's members, model order
  const Member* member(std::string_view name) const;
};

class CommandTable {
 public:
  static const CommandTable& get();

  const std::vector<Command>& commands() const { return commands_; }  // model order
  const Command* find(std::string_view name) const;
  const Command* for_operation(std::string_view operation) const;
  // A structure's members in the model's order (spec::Shape keeps them sorted by name), as
  // botocore iterates them when it builds requests, parses responses and writes skeletons.
  const std::vector<std::pair<std::string, std::string>>& members_of(const Shape& shape) const;

  // Documentation from tools/ulp/model-docs.json: a member's first sentence, as the aws CLI
  // puts it in yaml-input skeletons, its whole text, and an operation's text.
  std::string member_overview(const Shape& structure, const std::string& member) const;
  std::string member_text(const Shape& structure, const std::string& member) const;
  std::string operation_text(const std::string& operation) const;

 private:
  CommandTable();
  std::vector<Command> commands_;
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> order_;
  void load_docs() const;  // on first use: only help and yaml-input skeletons need them
  mutable std::once_flag docs_loaded_;
  mutable std::vector<std::pair<std::string, std::pair<std::string, std::string>>> member_docs_;
  mutable std::vector<std::pair<std::string, std::string>> operation_docs_;
};

}  // namespace ulp::cli
