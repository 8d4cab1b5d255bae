#include "fuzz/netfuzz/mutator.hpp"

#include <limits>

#include "core/spec.hpp"

namespace ulp::netfuzz {

using nlohmann::json;

namespace {

std::vector<std::string> members_of(const json& body) {
  std::vector<std::string> out;
  for (const auto& [k, v] : body.items()) out.push_back(k);
  return out;
}

// Values just outside a shape's constraints (or inside, for an unknown but well-formed one).
std::vector<json> off_shape_values(const Shape& s) {
  std::vector<json> out;
  if (s.type == "string") {
    out.push_back("");
    if (s.min && *s.min > 1) out.push_back(std::string(*s.min - 1, 'a'));
    if (s.max) out.push_back(std::string(*s.max + 1, 'a'));
    if (!s.pattern.empty()) {
      out.push_back("Not_Valid!");
      out.push_back("with space");
      out.push_back("caf\u00e9");
    }
    if (s.name == "UploadId")
      out.push_back("0badc0de-0000-4000-8000-00000000000");  // a digit short
    if (s.name == "RegistryId") out.push_back("12345678901");
  }
  if (s.type == "long") {
    out.push_back(-1);
    out.push_back(std::numeric_limits<std::int64_t>::min());
    out.push_back(std::numeric_limits<std::int64_t>::max());
    out.push_back(std::numeric_limits<std::uint64_t>::max());
    out.push_back(1.5);
    out.push_back(-0.0);
  }
  if (s.type == "blob") {
    out.push_back("@@@@");
    out.push_back("QUJ");
    out.push_back("QUJD\n");
    out.push_back("Q===");
  }
  if (s.type == "list") {
    out.push_back(json::array());
    out.push_back(json::array({"not a digest"}));
    out.push_back(json(std::vector<std::string>(s.max ? *s.max + 1 : 101, "sha256:00")));
  }
  return out;
}

json other_type(const json& v) {
  if (v.is_string()) return 12345;
  if (v.is_number()) return std::to_string(v.get<std::int64_t>());
  if (v.is_array()) return "sha256:00";
  if (v.is_boolean()) return "true";
  return json::array();
}

}  // namespace

std::size_t Mutator::below(std::size_t n) {
  return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
}

void Mutator::mutate(Call& call) {
  if (!signings_.empty() && below(8) == 0) return signature(call);
  switch (below(call.raw_body ? 1 : 7)) {
    case 0:
      return raw_bytes(call);
    case 1:
      return member_value(call);
    case 2:
      return member_type(call);
    case 3:
      return remove_member(call, false);
    case 4:
      return remove_member(call, true);
    case 5:
      return unknown_member(call);
    default:
      return header(call);
  }
}

void Mutator::member_value(Call& call) {
  const Spec& spec = Spec::get();
  const Shape& input = spec.shape(spec.operation(call.op)->input);
  auto members = members_of(call.body);
  if (members.empty()) return unknown_member(call);
  const std::string m = members[below(members.size())];
  const std::string* shape = input.member_shape(m);
  if (!shape) return unknown_member(call);
  auto values = off_shape_values(spec.shape(*shape));
  if (values.empty()) return member_type(call);
  call.body[m] = values[below(values.size())];
  std::string shown = call.body[m].dump();
  call.intent += "; " + m + " set to " + (shown.size() > 40 ? shown.substr(0, 40) + "..." : shown);
}

void Mutator::member_type(Call& call) {
  auto members = members_of(call.body);
  if (members.empty()) return unknown_member(call);
  const std::string m = members[below(members.size())];
  call.body[m] = other_type(call.body[m]);
  call.intent += "; " + m + " of another type";
}

void Mutator::remove_member(Call& call, bool as_null) {
  auto members = members_of(call.body);
  if (members.empty()) return unknown_member(call);
  const std::string m = members[below(members.size())];
  if (as_null)
    call.body[m] = nullptr;
  else
    call.body.erase(m);
  call.intent += "; " + m + (as_null ? " null" : " left out");
}

void Mutator::unknown_member(Call& call) {
  call.body["ulpNetfuzzUnknownMember"] = 1;
  call.intent += "; an unknown member";
}

void Mutator::header(Call& call) {
  const Protocol& p = Spec::get().protocol;
  switch (below(7)) {
    case 0:
      call.omit_headers.push_back(p.target_header), call.intent += "; no " + p.target_header;
      break;
    case 1:
      call.headers.emplace_back(p.target_header, p.target_prefix + ".DescribeImages");
      call.intent += "; an operation ECR has but this suite does not know";
      break;
    case 2:
      call.headers.emplace_back(p.target_header, "AmazonS3." + call.op);
      call.intent += "; another service's target";
      break;
    case 3:
      call.omit_headers.push_back("Content-Type"), call.intent += "; no Content-Type";
      break;
    case 4:
      call.headers.emplace_back("Content-Type", "application/json");
      call.intent += "; Content-Type application/json";
      break;
    case 5:
      call.headers.emplace_back("Content-Type", p.content_type + "; charset=utf-8");
      call.intent += "; Content-Type with a charset";
      break;
    default:
      call.headers.emplace_back("X-Ulp-Netfuzz", "1");
      call.intent += "; an extra header";
      break;
  }
}

void Mutator::signature(Call& call) {
  std::vector<std::string> modes;
  // body-altered changes a byte of layerPartBlob, so it needs one.
  const bool has_blob = !call.raw_body && call.body.contains("layerPartBlob") &&
                        call.body["layerPartBlob"].is_string() &&
                        !call.body["layerPartBlob"].get_ref<const std::string&>().empty();
  for (const auto& m : signings_)
    if (m != "body-altered" || has_blob) modes.push_back(m);
  call.signing = modes[below(modes.size())];
  call.intent += "; signed " + call.signing;
}

void Mutator::raw_bytes(Call& call) {
  std::string text = call.raw_body ? *call.raw_body : call.body.dump();
  // Positions outside the ${...} names, so that both sides still bind them.
  auto spans = template_spans(text);
  auto free = [&](std::size_t at) {
    for (const auto& [b, e] : spans)
      if (at > b && at < e) return false;
    return true;
  };
  std::size_t at = below(text.size() + 1);
  for (int tries = 0; tries < 8 && !free(at); ++tries) at = below(text.size() + 1);
  if (!free(at)) at = 0;
  static const std::vector<std::string> inserts = {
      "{",    "}",      "[",      "]",   ",", ":",  "\"",
      "\\",   " ",      "0",      "-",   "a", "\t", std::string(1, '\0'),
      "\x01", "\u00e9", "\u2028", "null"};
  const std::string insert = inserts[below(inserts.size())];
  switch (below(6)) {
    case 0:
      text.resize(at), call.intent += "; the body cut at byte " + std::to_string(at);
      break;
    case 1:
      text.insert(at, insert),
          call.intent += "; a character inserted at byte " + std::to_string(at);
      break;
    case 2:
      if (at < text.size() && free(at + 1)) text.replace(at, 1, insert);
      call.intent += "; the character at byte " + std::to_string(at) + " replaced";
      break;
    case 3:
      if (at < text.size() && free(at + 1)) text.erase(at, 1);
      call.intent += "; the character at byte " + std::to_string(at) + " deleted";
      break;
    case 4:
      if (text.starts_with("{\"")) {
        auto end = text.find(',');
        if (end != std::string::npos) text.insert(1, text.substr(1, end));
      }
      call.intent += "; a member named twice";
      break;
    default:
      if (text.starts_with("{")) text.insert(1, "\"ulpNumber\":123456789012345678901234567890,");
      call.intent += "; a number beyond 64 bits";
      break;
  }
  call.raw_body = std::move(text);
}

}  // namespace ulp::netfuzz
