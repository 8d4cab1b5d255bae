// The self-check of the reference: every MUST and SHOULD requirement has a mutant, every
// requirement a mutant declares exists, and every mutant that breaks a rule checked here is
// caught by that check, while the true reference passes them all. The checks here cover the
// MUST rules; every mutant, SHOULD and PROBE ones included, is also swept by the conformance
// cases (ulp-conformance --all-mutants), which attribute each failure to its requirement.
#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "core/aws_json.hpp"
#include "core/base64.hpp"
#include "core/sha256.hpp"
#include "core/spec.hpp"
#include "reference/in_process_target.hpp"

namespace ulp::reference {
namespace {

using nlohmann::json;

// A reference (or mutant) with one repository, driven in process on the small profile.
struct Bench {
  explicit Bench(Mutant m)
      : engine([m] {
          EngineOptions o;
          o.profile = Profile::load("small");
          o.mutant = m;
          o.seed = 7;
          return o;
        }()),
        handler(engine),
        target(handler) {
    engine.create_repository({"", repo});
    engine.create_repository({"", "other"});
  }
  Response send(const std::string& op, json body) { return target.send(Request::of(op, body)); }
  std::string initiate(const std::string& repository = "r1") {
    auto r = send("InitiateLayerUpload", {{"repositoryName", repository}});
    return r.json ? r.json->value("uploadId", "") : "";
  }
  Response part(const std::string& id, std::int64_t first, std::int64_t last,
                const std::string& bytes, const std::string& repository = "r1") {
    return send("UploadLayerPart", {{"repositoryName", repository},
                                    {"uploadId", id},
                                    {"partFirstByte", first},
                                    {"partLastByte", last},
                                    {"layerPartBlob", base64::encode(bytes)}});
  }
  Response complete(const std::string& id, const std::vector<std::string>& digests) {
    return send("CompleteLayerUpload",
                {{"repositoryName", repo}, {"uploadId", id}, {"layerDigests", digests}});
  }
  // An upload of `sizes` parts, each of bytes 'a'+i; returns its id and digest.
  std::pair<std::string, std::string> uploaded(const std::vector<std::int64_t>& sizes) {
    std::string id = initiate();
    Sha256 sha;
    std::int64_t next = 0;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      std::string bytes(static_cast<std::size_t>(sizes[i]), static_cast<char>('a' + i));
      part(id, next, next + sizes[i] - 1, bytes);
      sha.update(bytes);
      next += sizes[i];
    }
    return {id, sha.digest()};
  }
  std::int64_t min() const { return engine.profile().min_part_bytes; }
  std::int64_t max() const { return engine.profile().max_part_bytes; }

  std::string repo = "r1";
  Engine engine;
  Handler handler;
  InProcessTarget target;
};

bool refused_with(const Response& r, const std::string& type) {
  return r.status >= 400 && r.status < 500 && r.error_type == type;
}

// One check per requirement a mutant breaks: true when the rule holds.
const std::map<std::string, std::function<bool(Bench&)>>& checks() {
  static const std::map<std::string, std::function<bool(Bench&)>> all = {
      {"ULP-RANGE-FIRST-AT-ZERO",
       [](Bench& b) {
         return refused_with(b.part(b.initiate(), 1, 1, "x"), "InvalidLayerPartException");
       }},
      {"ULP-RANGE-CONSECUTIVE",
       [](Bench& b) {
         auto id = b.initiate();
         return b.part(id, 0, 1, "ab").ok() && b.part(id, 2, 2, "c").ok();
       }},
      {"ULP-RANGE-GAP",
       [](Bench& b) {
         auto id = b.initiate();
         b.part(id, 0, 1, "ab");
         return refused_with(b.part(id, 3, 3, "c"), "InvalidLayerPartException");
       }},
      {"ULP-RANGE-OVERLAP",
       [](Bench& b) {
         auto id = b.initiate();
         b.part(id, 0, 1, "ab");
         return refused_with(b.part(id, 1, 1, "c"), "InvalidLayerPartException");
       }},
      {"ULP-RANGE-LENGTH",
       [](Bench& b) {
         return refused_with(b.part(b.initiate(), 0, 3, "abc"), "InvalidLayerPartException");
       }},
      {"ULP-RANGE-LAST-VALID",
       [](Bench& b) {
         auto id = b.initiate();
         b.part(id, 0, 1, "ab");
         auto r = b.part(id, 5, 5, "c");
         return r.json && r.json->value("lastValidByteReceived", -1) == 1;
       }},
      {"ULP-RANGE-NO-CHANGE",
       [](Bench& b) {
         auto id = b.initiate();
         b.part(id, 0, 1, "ab");
         b.part(id, 5, 6, "cd");
         return b.part(id, 2, 2, "c").ok();
       }},
      {"ULP-RANGE-NO-LOSS",
       [](Bench& b) {
         auto [id, digest] = b.uploaded({b.min(), 3});
         auto r = b.complete(id, {digest});
         return r.ok() && r.json && (*r.json)["layerDigest"] == digest;
       }},
      {"ULP-SIZE-MAX-PART",
       [](Bench& b) {
         auto id = b.initiate();
         std::string max(static_cast<std::size_t>(b.max()), 'm');
         return b.part(id, 0, b.max() - 1, max).ok() &&
                b.part(b.initiate(), 0, b.max(), max + "m").status == 400;
       }},
      {"CLU-SIZE-MIN-PART",
       [](Bench& b) {
         auto [id, digest] = b.uploaded({b.min() - 1, 3});
         return refused_with(b.complete(id, {digest}), "LayerPartTooSmallException");
       }},
      {"ULP-RESP-LAST-BYTE",
       [](Bench& b) {
         auto r = b.part(b.initiate(), 0, 2, "abc");
         return r.ok() && r.json && (*r.json)["lastByteReceived"] == 2;
       }},
      {"ULP-RESP-ECHO",
       [](Bench& b) {
         auto id = b.initiate();
         auto r = b.part(id, 0, 2, "abc");
         return r.json && r.json->value("registryId", "") == b.engine.registry_id() &&
                r.json->value("repositoryName", "") == "r1" && r.json->value("uploadId", "") == id;
       }},
      {"ILU-RESP-UPLOAD-ID",
       [](Bench& b) { return !validate("UploadId", b.initiate()).has_value(); }},
      {"CLU-RESP-DIGEST",
       [](Bench& b) {
         auto [id, digest] = b.uploaded({b.min(), 1});
         auto r = b.complete(id, {digest});
         return r.json && r.json->value("layerDigest", "") == digest;
       }},
      {"VAL-REQUIRED",
       [](Bench& b) {
         return refused_with(b.send("UploadLayerPart", {{"repositoryName", "r1"}}),
                             "InvalidParameterException");
       }},
      {"VAL-REPOSITORY-NAME",
       [](Bench& b) {
         return refused_with(b.send("InitiateLayerUpload", {{"repositoryName", "R1"}}),
                             "InvalidParameterException");
       }},
      {"VAL-UPLOAD-ID",
       [](Bench& b) {
         return refused_with(b.part("not-an-upload-id", 0, 0, "a"), "InvalidParameterException");
       }},
      {"VAL-REGISTRY-ID",
       [](Bench& b) {
         return refused_with(
             b.send("InitiateLayerUpload", {{"repositoryName", "r1"}, {"registryId", "12345"}}),
             "InvalidParameterException");
       }},
      {"VAL-DIGESTS",
       [](Bench& b) {
         auto [id, digest] = b.uploaded({b.min(), 1});
         return refused_with(b.complete(id, {}), "InvalidParameterException") &&
                refused_with(b.complete(id, {"sha256:xyz"}), "InvalidParameterException");
       }},
      {"VAL-POSITION",
       [](Bench& b) {
         return refused_with(b.part(b.initiate(), -1, 1, "abc"), "InvalidParameterException");
       }},
      {"ULP-UPLOAD-UNKNOWN",
       [](Bench& b) {
         return refused_with(b.part("00000000-0000-4000-8000-000000000001", 0, 0, "a"),
                             "UploadNotFoundException");
       }},
      {"ULP-UPLOAD-OTHER-REPOSITORY",
       [](Bench& b) {
         return refused_with(b.part(b.initiate(), 0, 0, "a", "other"), "UploadNotFoundException");
       }},
      {"ULP-REPOSITORY-UNKNOWN",
       [](Bench& b) {
         return refused_with(b.send("InitiateLayerUpload", {{"repositoryName", "nope"}}),
                             "RepositoryNotFoundException");
       }},
      {"ULP-AFTER-COMPLETE",
       [](Bench& b) {
         auto [id, digest] = b.uploaded({b.min(), 1});
         b.complete(id, {digest});
         return b.part(id, b.min() + 1, b.min() + 1, "z").status == 400;
       }},
      {"CLU-EMPTY-UPLOAD",
       [](Bench& b) {
         return refused_with(b.complete(b.initiate(), {"sha256:00"}), "EmptyUploadException");
       }},
      {"CLU-DIGEST-MISMATCH",
       [](Bench& b) {
         auto [id, digest] = b.uploaded({b.min(), 1});
         return refused_with(b.complete(id, {"sha256:0123"}), "InvalidLayerException");
       }},
      {"CLU-LAYER-EXISTS",
       [](Bench& b) {
         auto [id, digest] = b.uploaded({b.min(), 1});
         b.complete(id, {digest});
         auto [again, same] = b.uploaded({b.min(), 1});
         return refused_with(b.complete(again, {same}), "LayerAlreadyExistsException");
       }},
      {"PROTO-CONTENT-TYPE",
       [](Bench& b) {
         auto ok = b.send("InitiateLayerUpload", {{"repositoryName", "r1"}});
         auto bad = b.send("InitiateLayerUpload", {{"repositoryName", "nope"}});
         const auto& type = Spec::get().protocol.content_type;
         return ok.header("Content-Type") == type && bad.header("Content-Type") == type;
       }},
      {"PROTO-ERROR-TYPE",
       [](Bench& b) {
         Response r = b.send("InitiateLayerUpload", {{"repositoryName", "nope"}});
         return r.error_type == "RepositoryNotFoundException" && r.json &&
                r.json->contains("message") && (*r.json)["message"].is_string();
       }},
      {"PROTO-NO-5XX",
       [](Bench& b) {
         return b.send("InitiateLayerUpload", {{"repositoryName", 5}}).status < 500;
       }},
  };
  return all;
}

TEST(Mutants, EveryMustAndShouldRequirementHasAMutantAndEveryMutantBreaksARequirement) {
  std::set<std::string> broken;
  for (const auto& m : mutants()) {
    ASSERT_FALSE(m.breaks.empty()) << m.name;
    for (auto id : m.breaks) {
      const Requirement* r = Spec::get().requirement(std::string(id));
      ASSERT_NE(r, nullptr) << m.name << " declares " << id;
      // The auth requirements have their own bench (reference/tests/auth_test.cpp).
      if (r->level == "MUST" && !id.starts_with("AUTH-")) {
        EXPECT_TRUE(checks().count(std::string(id))) << "no check for " << id;
      }
      broken.insert(std::string(id));
    }
  }
  for (const auto& r : Spec::get().requirements())
    if (r.level == "MUST" || r.level == "SHOULD") {
      EXPECT_TRUE(broken.count(r.id)) << r.id << " has no mutant";
    }
}

TEST(Mutants, TheReferencePassesEveryCheck) {
  for (const auto& [id, check] : checks()) {
    Bench bench(Mutant::none);
    EXPECT_TRUE(check(bench)) << id;
  }
}

class EachMutant : public ::testing::TestWithParam<MutantInfo> {};

}  // namespace

// Test names and failure messages show a mutant by its name.
void PrintTo(const MutantInfo& m, std::ostream* os) {
  *os << m.name;
}

namespace {

TEST_P(EachMutant, IsCaughtByTheCheckOfTheRuleItBreaks) {
  for (auto id : GetParam().breaks) {
    auto check = checks().find(std::string(id));
    if (check == checks().end()) continue;
    Bench bench(GetParam().mutant);
    EXPECT_FALSE(check->second(bench))
        << GetParam().name << " (" << GetParam().what << ") went unnoticed by " << id;
  }
}

// The mutants a check here knows: the others are the conformance sweep's alone.
std::vector<MutantInfo> checked_mutants() {
  std::vector<MutantInfo> out;
  for (const auto& m : mutants())
    if (std::any_of(m.breaks.begin(), m.breaks.end(),
                    [](auto id) { return checks().count(std::string(id)) > 0; }))
      out.push_back(m);
  return out;
}

INSTANTIATE_TEST_SUITE_P(Reference, EachMutant, ::testing::ValuesIn(checked_mutants()),
                         [](const auto& info) {
                           std::string name(info.param.name);
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace ulp::reference
