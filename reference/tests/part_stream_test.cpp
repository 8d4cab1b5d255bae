// A part handled as it arrives (PartStream) must be answered exactly as the whole body is
// (Handler::handle), and leave the upload in the same state: same status, headers and body,
// same bytes and digest afterwards. Each body is fed in several chunk sizes, to two engines
// made alike (same seed, so the same upload ID).
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/base64.hpp"
#include "core/spec.hpp"
#include "reference/engine.hpp"
#include "reference/handler.hpp"
#include "reference/part_stream.hpp"

namespace ulp::reference {
namespace {

constexpr std::size_t kBytes = 300001;  // more than two of the stream's slices, and padded

struct Side {
  Side() : engine(options()), handler(engine) {
    engine.create_repository({"", "repo"});
    upload_id = std::get<Initiated>(engine.initiate_layer_upload({"", "repo"})).upload_id;
  }
  static EngineOptions options() {
    EngineOptions o;
    o.seed = 42;
    o.now_seconds = [] { return std::int64_t{1700000000}; };
    return o;
  }
  Engine engine;
  Handler handler;
  std::string upload_id;
};

HttpRequest request_of(std::string body) {
  const Protocol& p = Spec::get().protocol;
  HttpRequest r;
  r.headers = {{"Content-Type", p.content_type},
               {p.target_header, p.target_prefix + ".UploadLayerPart"}};
  r.body = std::move(body);
  return r;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

void expect_same(const HttpResponse& whole, const HttpResponse& streamed, const std::string& what) {
  EXPECT_EQ(whole.status, streamed.status) << what;
  EXPECT_EQ(whole.body, streamed.body) << what;
  EXPECT_EQ(whole.headers, streamed.headers) << what;
}

class PartStreamTest : public ::testing::Test {
 protected:
  PartStreamTest() {
    std::mt19937_64 rng(7);
    bytes_.resize(kBytes);
    for (auto& c : bytes_) c = static_cast<char>(rng());
    blob_ = base64::encode(bytes_);
  }
  // Runs `body` (with U for the upload ID, B for the blob's text, N for the last byte)
  // through both paths in each chunk size, then a next part through both.
  void check(const std::string& name, std::string body) {
    body = replace_all(body, "@N", std::to_string(kBytes - 1));
    body = replace_all(body, "@B", blob_);
    for (std::size_t chunk :
         {std::size_t{7}, std::size_t{4096}, std::size_t{131075}, body.size()}) {
      const std::string what = name + ", fed " + std::to_string(chunk) + " bytes at a time";
      Side whole, streamed;
      ASSERT_EQ(whole.upload_id, streamed.upload_id);
      const std::string b = replace_all(body, "@U", whole.upload_id);
      HttpResponse a = whole.handler.handle(request_of(b));
      HttpRequest head = request_of("");
      auto stream = streamed.handler.stream(head);
      ASSERT_TRUE(stream) << what;
      for (std::size_t at = 0; at < b.size(); at += chunk)
        stream->feed(std::string_view(b).substr(at, chunk));
      expect_same(a, stream->finish(), what);
      // The same state afterwards: the same answer to the next part, the same digest.
      auto da = whole.engine.running_digest(whole.upload_id);
      auto ds = streamed.engine.running_digest(streamed.upload_id);
      ASSERT_TRUE(da && ds) << what;
      EXPECT_EQ(da->size, ds->size) << what;
      EXPECT_EQ(da->sha.hex(), ds->sha.hex()) << what;
      const std::string next = R"({"repositoryName":"repo","uploadId":")" + whole.upload_id +
                               R"(","partFirstByte":)" + std::to_string(kBytes) +
                               R"(,"partLastByte":)" + std::to_string(kBytes + 2) +
                               R"(,"layerPartBlob":"AAAA"})";
      expect_same(whole.handler.handle(request_of(next)), streamed.handler.handle(request_of(next)),
                  what + ", then the next part");
    }
  }
  std::string bytes_, blob_;
};

const std::string kHead =
    R"("repositoryName":"repo","uploadId":"@U","partFirstByte":0,"partLastByte":@N)";

TEST_F(PartStreamTest, BlobLast) {
  check("blob last", "{" + kHead + R"(,"layerPartBlob":"@B"})");
}
TEST_F(PartStreamTest, BlobFirst) {
  check("blob first", R"({"layerPartBlob":"@B",)" + kHead + "}");
}
TEST_F(PartStreamTest, BlobBetweenMembersWithWhitespace) {
  check("whitespace",
        "{\n  \"repositoryName\" : \"repo\",\n \"layerPartBlob\"\t:\r\n\"@B\" ,"
        " \"uploadId\":\"@U\", \"partFirstByte\": 0, \"partLastByte\" : @N }\n");
}
// Far shorter than the body past which a worker thread takes over: scanned as it comes.
TEST_F(PartStreamTest, ShortPart) {
  check(
      "short part",
      R"({"repositoryName":"repo","uploadId":"@U","partFirstByte":0,"partLastByte":2,"layerPartBlob":"QUJD"})");
}
TEST_F(PartStreamTest, WrongRange) {
  check(
      "wrong range",
      R"({"repositoryName":"repo","uploadId":"@U","partFirstByte":0,"partLastByte":5,"layerPartBlob":"@B"})");
}
TEST_F(PartStreamTest, InvalidRepositoryNameComesBeforeTheBlob) {
  check(
      "bad name",
      R"({"layerPartBlob":"@B=","repositoryName":"R!","uploadId":"@U","partFirstByte":0,"partLastByte":@N})");
}
TEST_F(PartStreamTest, UnknownUpload) {
  check(
      "unknown upload",
      R"({"repositoryName":"repo","uploadId":"00000000-0000-4000-8000-000000000000","partFirstByte":0,"partLastByte":@N,"layerPartBlob":"@B"})");
}
TEST_F(PartStreamTest, PaddingInTheMiddle) {
  check("padding in the middle", "{" + kHead + R"(,"layerPartBlob":"AB==@B"})");
}
TEST_F(PartStreamTest, CharacterOutsideTheAlphabetEarlyAndLate) {
  check("'*' early", "{" + kHead + R"(,"layerPartBlob":"AB*A@B"})");
  check("'*' late", "{" + kHead + R"(,"layerPartBlob":"@BAB*A"})");
}
TEST_F(PartStreamTest, LengthNotAMultipleOfFour) {
  check("length", "{" + kHead + R"(,"layerPartBlob":"@BA"})");
}
TEST_F(PartStreamTest, EscapeInsideTheBlob) {
  check("escape", "{" + kHead + R"(,"layerPartBlob":"AB\/A@B"})");
  check("non-ASCII", "{" + kHead + ",\"layerPartBlob\":\"@B\xC3\xA9\"}");
}
TEST_F(PartStreamTest, BlobMemberTwice) {
  check("twice", "{" + kHead + R"(,"layerPartBlob":"@B","layerPartBlob":"AAAA"})");
  check("twice, the second not a string",
        "{" + kHead + R"(,"layerPartBlob":"@B","layerPartBlob":7})");
  check("twice, the first not a string",
        "{" + kHead + R"(,"layerPartBlob":null,"layerPartBlob":"@B"})");
}
TEST_F(PartStreamTest, BlobNameWithAnEscape) {
  check("escaped name", "{" + kHead + R"(,"layerPart\u0042lob":"AAAA","layerPartBlob":"@B"})");
}
TEST_F(PartStreamTest, NestedBlobMembersAreNotTheBlob) {
  check("nested", R"({"x":{"layerPartBlob":"@B"},"y":["layerPartBlob"],)" + kHead +
                      R"(,"layerPartBlob":"@B"})");
}
TEST_F(PartStreamTest, TruncatedBodies) {
  const std::string body = "{" + kHead + R"(,"layerPartBlob":"@B"})";
  check("cut in the blob", body.substr(0, body.size() - 1000));
  check("cut after the blob", body.substr(0, body.size() - 1));
}
TEST_F(PartStreamTest, NotAnObjectOrNotJson) {
  check("array", R"(["layerPartBlob","@B"])");
  check("garbage after", "{" + kHead + R"(,"layerPartBlob":"@B"}x)");
}
TEST_F(PartStreamTest, EmptyAndAbsentBlob) {
  check("empty", "{" + kHead + R"(,"layerPartBlob":""})");
  check("absent", "{" + kHead + "}");
  check("empty body", "");
}
TEST_F(PartStreamTest, UploadIdTwice) {
  check("uploadId twice", R"({"uploadId":"00000000-0000-4000-8000-000000000000",)" + kHead +
                              R"(,"layerPartBlob":"@B"})");
}

}  // namespace
}  // namespace ulp::reference
