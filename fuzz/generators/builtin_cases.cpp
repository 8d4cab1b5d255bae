#include "fuzz/generators/builtin_cases.hpp"

#include "core/spec.hpp"

namespace ulp::fuzz {

using nlohmann::json;

namespace {

SeedStep initiate(const std::string& repository = "${repositoryName}",
                  const std::string& save_as = "uploadId") {
  SeedStep s;
  s.op = "InitiateLayerUpload";
  s.request = json{{"repositoryName", repository}};
  s.save = {{save_as, "uploadId"}};
  return s;
}

SeedStep part(const std::string& blob, const json& first, const json& last,
              const std::string& upload = "${uploadId}",
              const std::string& repository = "${repositoryName}") {
  SeedStep s;
  s.op = "UploadLayerPart";
  s.request = json{{"repositoryName", repository},
                   {"uploadId", upload},
                   {"partFirstByte", first},
                   {"partLastByte", last},
                   {"layerPartBlob", {{"$blob", blob}}}};
  return s;
}

SeedStep complete(const json& digests, const std::string& upload = "${uploadId}") {
  SeedStep s;
  s.op = "CompleteLayerUpload";
  s.request = json{
      {"repositoryName", "${repositoryName}"}, {"uploadId", upload}, {"layerDigests", digests}};
  return s;
}

SeedStep call(const std::string& op, json request) {
  SeedStep s;
  s.op = op;
  s.request = std::move(request);
  return s;
}

SeedCase make(const std::string& id, std::map<std::string, json> blobs,
              std::vector<SeedStep> steps) {
  return SeedCase{"builtin/" + id, std::move(blobs), {}, std::move(steps)};
}

json blob(const json& size, int seed = 0) {
  return json{{"size", size}, {"seed", seed}};
}

}  // namespace

std::vector<SeedCase> builtin_flow_cases() {
  const std::string zero_digest = "sha256:" + std::string(64, '0');
  std::vector<SeedCase> c;
  const std::map<std::string, json> three = {{"first", blob("${minPartBytes}", 1)},
                                             {"second", blob("${minPartBytes}", 2)},
                                             {"tail", blob(5, 3)}};
  c.push_back(make("flow/complete", three,
                   {initiate(), part("first", 0, "${size(first)-1}"),
                    part("second", "${size(first)}", "${size(first,second)-1}"),
                    part("tail", "${size(first,second)}", "${size(first,second,tail)-1}"),
                    complete(json::array({"${digest(first,second,tail)}"})),
                    call("BatchCheckLayerAvailability",
                         {{"repositoryName", "${repositoryName}"},
                          {"layerDigests", {"${digest(first,second,tail)}", zero_digest}}})}));
  const std::map<std::string, json> two = {{"first", blob(16, 1)}, {"second", blob(16, 2)}};
  c.push_back(make("range/gap", two,
                   {initiate(), part("first", 0, "${size(first)-1}"),
                    part("second", "${size(first)+1}", "${size(first,second)}")}));
  c.push_back(make("range/overlap", two,
                   {initiate(), part("first", 0, "${size(first)-1}"),
                    part("second", "${size(first)-1}", "${size(first,second)-2}")}));
  c.push_back(make(
      "range/resend-last", two,
      {initiate(), part("first", 0, "${size(first)-1}"), part("first", 0, "${size(first)-1}")}));
  c.push_back(
      make("range/first-not-at-zero", two, {initiate(), part("first", 1, "${size(first)}")}));
  c.push_back(make("range/length-mismatch", two, {initiate(), part("first", 0, "${size(first)}")}));
  c.push_back(make("range/reversed", two, {initiate(), part("first", 5, 2)}));
  c.push_back(make("range/empty-blob", {{"empty", blob(0)}}, {initiate(), part("empty", 0, 0)}));
  c.push_back(make("size/max-part",
                   {{"max", blob("${maxPartBytes}")}, {"over", blob("${maxPartBytes+1}")}},
                   {initiate(), part("max", 0, "${maxPartBytes-1}"), initiate(),
                    part("over", 0, "${maxPartBytes}")}));
  SeedStep byte_at_i = part("one", "${i}", "${i}");
  byte_at_i.repeat = 9;  // one past the small profile's maxPartsPerLayer
  c.push_back(make("size/too-many-parts", {{"one", blob(1)}}, {initiate(), byte_at_i}));
  c.push_back(
      make("lifecycle/empty-upload", {}, {initiate(), complete(json::array({zero_digest}))}));
  c.push_back(make(
      "lifecycle/small-parts", {{"a", blob(1, 1)}, {"b", blob(1, 2)}},
      {initiate(), part("a", 0, 0), part("b", 1, 1), complete(json::array({"${digest(a,b)}"}))}));
  c.push_back(make("lifecycle/digest-mismatch-then-after-complete", {{"a", blob(20, 4)}},
                   {initiate(), part("a", 0, 19), complete(json::array({zero_digest})),
                    complete(json::array({"${digest(a)}", "${digest(a)}"})),
                    complete(json::array({"${digest(a)}"})), part("a", 20, 39)}));
  c.push_back(make(
      "lifecycle/layer-exists", {{"a", blob(20, 5)}},
      {initiate("${repositoryName}", "first"), part("a", 0, 19, "${first}"),
       complete(json::array({"${digest(a)}"}), "${first}"), initiate("${repositoryName}", "second"),
       part("a", 0, 19, "${second}"), complete(json::array({"${digest(a)}"}), "${second}")}));
  c.push_back(make("lifecycle/unknown-upload", {{"a", blob(4)}}, {part("a", 0, 3, "${uuid()}")}));
  c.push_back(make("lifecycle/other-repository", {{"a", blob(4)}},
                   {initiate("${otherRepositoryName}"), part("a", 0, 3)}));
  c.push_back(make("lifecycle/unknown-repository", {{"a", blob(4)}},
                   {initiate("${unknownRepositoryName}"),
                    part("a", 0, 3, "${uuid()}", "${unknownRepositoryName}")}));
  SeedStep open_many = initiate();
  open_many.repeat = 5;  // one past the small profile's maxOpenUploadsPerRepository
  c.push_back(make("lifecycle/open-uploads", {}, {open_many}));
  SeedStep wait = call("BatchCheckLayerAvailability",
                       {{"repositoryName", "${repositoryName}"}, {"layerDigests", {zero_digest}}});
  wait.wait_seconds = 4000;  // past the small profile's uploadLifetimeSeconds
  c.push_back(make("lifecycle/expired", {{"a", blob(4)}}, {initiate(), wait, part("a", 0, 3)}));
  c.push_back(
      make("repository/create-delete", {{"a", blob(20, 6)}},
           {call("CreateRepository", {{"repositoryName", "fuzz/new-repo"}}),
            call("CreateRepository", {{"repositoryName", "fuzz/new-repo"}}),
            initiate("fuzz/new-repo"), part("a", 0, 19, "${uploadId}", "fuzz/new-repo"),
            call("CompleteLayerUpload", {{"repositoryName", "fuzz/new-repo"},
                                         {"uploadId", "${uploadId}"},
                                         {"layerDigests", {"${digest(a)}"}}}),
            call("DeleteRepository", {{"repositoryName", "fuzz/new-repo"}}),
            call("DeleteRepository", {{"repositoryName", "fuzz/new-repo"}, {"force", true}}),
            part("a", 20, 39, "${uploadId}", "fuzz/new-repo")}));
  return c;
}

namespace {

// A value of a shape that meets its constraints, in the context the seeds run in.
json valid_value(const std::string& member, const Shape& s) {
  const Spec& spec = Spec::get();
  if (member == "registryId") return "${registryId}";
  if (member == "repositoryName") return "${repositoryName}";
  if (member == "uploadId") return "${uploadId}";
  if (member == "layerPartBlob") return json{{"$blob", "part"}};
  if (member == "partFirstByte") return 0;
  if (member == "partLastByte") return "${size(part)-1}";
  if (member == "layerDigests") return json::array({"${digest(part)}"});
  if (!s.enum_values.empty()) return s.enum_values.front();
  if (s.type == "string")
    return s.name == "ImageTagMutabilityExclusionFilterValue" ? "release-*" : "example";
  if (s.type == "boolean") return true;
  if (s.type == "long" || s.type == "integer") return s.min ? *s.min : 1;
  if (s.type == "blob") return "AAEC";
  if (s.type == "list") return json::array({valid_value("", spec.shape(s.member))});
  if (s.type == "structure") {
    json o = json::object();
    for (const auto& [m, shape] : s.members) o[m] = valid_value(m, spec.shape(shape));
    return o;
  }
  return nullptr;
}

json wrong_type(const Shape& s) {
  if (s.type == "string" || s.type == "blob") return 12345;
  if (s.type == "long" || s.type == "integer") return "12";
  if (s.type == "boolean") return "true";
  if (s.type == "list") return "not-a-list";
  return json::array();
}

// Values just outside the shape's constraints.
std::vector<std::pair<std::string, json>> off_constraint(const Shape& s) {
  std::vector<std::pair<std::string, json>> out;
  if (s.type == "string") {
    if (s.min && *s.min > 0) out.emplace_back("too-short", std::string(*s.min - 1, 'a'));
    if (s.max) out.emplace_back("too-long", "${repeat('a', " + std::to_string(*s.max + 1) + ")}");
    if (!s.pattern.empty()) out.emplace_back("off-pattern", "Not_Valid!");
    if (!s.enum_values.empty()) out.emplace_back("off-enum", "NOT_AN_ENUM_VALUE");
  }
  if (s.type == "long") {
    out.emplace_back("negative", -1);
    out.emplace_back("largest", std::numeric_limits<std::int64_t>::max());
    out.emplace_back("fraction", 1.5);
  }
  if (s.type == "blob") {
    out.emplace_back("bad-base64", "@@@@");
    out.emplace_back("bad-base64-length", "QUJ");
  }
  if (s.type == "list") {
    if (s.min && *s.min > 0) out.emplace_back("empty", json::array());
    if (s.max)
      out.emplace_back("too-many", "${replicate('sha256:00', " + std::to_string(*s.max + 1) + ")}");
    out.emplace_back("item-off-pattern", json::array({"not a digest"}));
  }
  return out;
}

}  // namespace

std::vector<SeedCase> builtin_validation_cases() {
  const Spec& spec = Spec::get();
  std::vector<SeedCase> cases;
  const std::map<std::string, json> blobs = {{"part", blob(24, 7)}};
  for (const auto& [name, op] : spec.operations) {
    const Shape& input = spec.shape(op.input);
    json valid = json::object();
    for (const auto& [m, shape] : input.members) valid[m] = valid_value(m, spec.shape(shape));
    auto add = [&](const std::string& variant, const json& request) {
      cases.push_back(
          make("validation/" + name + "/" + variant, blobs, {initiate(), call(name, request)}));
    };
    add("valid", valid);
    json required_only = json::object();
    for (const auto& r : input.required) required_only[r] = valid[r];
    add("required-only", required_only);
    json unknown = valid;
    unknown["unknownMember"] = 1;
    add("unknown-member", unknown);
    for (const auto& [m, shape_name] : input.members) {
      const Shape& s = spec.shape(shape_name);
      json v = valid;
      v.erase(m);
      add(m + "/missing", v);
      v[m] = nullptr;
      add(m + "/null", v);
      v[m] = wrong_type(s);
      add(m + "/wrong-type", v);
      for (const auto& [label, value] : off_constraint(s)) {
        v[m] = value;
        add(m + "/" + label, v);
      }
    }
  }
  return cases;
}

std::vector<SeedCase> builtin_protocol_cases() {
  const Protocol& p = Spec::get().protocol;
  std::vector<SeedCase> cases;
  auto raw = [&](const std::string& id, const std::string& body) {
    SeedStep s;
    s.op = "InitiateLayerUpload";
    s.raw_body = body;
    cases.push_back(make("protocol/" + id, {}, {s}));
  };
  raw("not-json", "{\"repositoryName\": ");
  raw("array", "[]");
  raw("empty-body", "");
  raw("too-deep", std::string(40, '[') + std::string(40, ']'));
  raw("number-beyond-64-bits",
      "{\"repositoryName\": \"${repositoryName}\", \"x\": 123456789012345678901234567890}");
  raw("escapes", "{\"repositoryName\": \"layer\\u002dtest\"}");
  raw("duplicate-member", "{\"repositoryName\": \"a\", \"repositoryName\": \"${repositoryName}\"}");
  auto headers = [&](const std::string& id, std::vector<std::pair<std::string, std::string>> h,
                     std::vector<std::string> omit) {
    SeedStep s = initiate();
    s.headers = std::move(h);
    s.omit_headers = std::move(omit);
    cases.push_back(make("protocol/" + id, {}, {s}));
  };
  headers("unknown-operation", {{p.target_header, p.target_prefix + ".DescribeImages"}}, {});
  headers("other-service", {{p.target_header, "AmazonS3.InitiateLayerUpload"}}, {});
  headers("no-target", {}, {p.target_header});
  headers("no-content-type", {}, {"Content-Type"});
  headers("content-type-json", {{"Content-Type", "application/json"}}, {});
  headers("content-type-charset", {{"Content-Type", p.content_type + "; charset=utf-8"}}, {});
  headers("authorization-incomplete", {{"Authorization", "AWS4-HMAC-SHA256 Credential=AKID"}}, {});
  headers("authorization-other-service",
          {{"Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/s3/"
            "aws4_request, SignedHeaders=host;x-amz-date, Signature=" +
                std::string(64, 'a')}},
          {});
  return cases;
}

}  // namespace ulp::fuzz
