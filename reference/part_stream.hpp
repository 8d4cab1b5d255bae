// An UploadLayerPart request whose body is handled as it arrives, in memory that does not
// grow with the part: a streaming scanner copies the body aside, except the text of the
// top-level layerPartBlob string, which is base64-decoded, hashed and staged in slices.
// At the end the Handler answers the copy (the blob's text left out, its staged bytes in
// its place) exactly as it answers the whole body: same checks, same order, same errors.
//
//   if (auto stream = handler.stream(head)) {      // head: method, path, headers, no body
//     while (reading) stream->feed(chunk);
//     HttpResponse r = stream->finish();
//   }
//
// For a request with an Authorization header, when the Handler verifies signatures, the
// SHA-256 of the body as it came is taken on the way and handed to the Handler in
// Streamed::payload_sha256, so that the signature can be verified before the part is accepted.
//
// Anything unusual about the blob (an escape, a character outside base64, '=' before its
// end, a second layerPartBlob member, a key written with escapes) puts the blob's text back
// into the copy, so that the whole-body path decides: such a body is then held whole.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/sha256.hpp"
#include "reference/handler.hpp"
#include "reference/staged_part.hpp"

namespace ulp::reference {

class PartStream {
 public:
  PartStream(Handler& handler, HttpRequest head);
  ~PartStream();
  PartStream(const PartStream&) = delete;
  PartStream& operator=(const PartStream&) = delete;

  void feed(std::string_view chunk);  // waits while the worker is a queue behind
  HttpResponse finish();

 private:
  void work();                        // the worker: takes what feed() queued, in order
  void end_worker();                  // lets it take the rest, then joins it (if there is one)
  void take(std::string_view chunk);  // hashes and scans it, unless scanning has failed
  void scan(std::string_view s);
  void scan_char(char c);
  void begin_blob();
  void take_blob_text(std::string_view text);
  bool decode_and_stage(std::string_view text);
  void end_blob();
  void unstage();  // the blob's text back into the copy; the whole-body path decides

  Handler& handler_;
  Engine::Serving serving_;  // from the first byte, not only once the body is all here
  HttpRequest request_;      // body: the copy
  std::size_t received_ = 0;
  const std::size_t max_body_bytes_;
  std::optional<Sha256> payload_sha_;

  // The reader (feed) scans a short body itself. Past kInline it hands the chunks to a worker
  // thread that scans them, so that reading the socket and decoding, hashing and writing
  // proceed at once, in at most two queues' memory.
  std::mutex mutex_;
  std::condition_variable changed_;
  std::string queue_;  // received, not yet taken by the worker
  bool ended_ = false;
  bool failed_ = false;  // scanning failed (a fault of ours); the rest is drained unread
  std::thread worker_;

  // The scanner, on the worker: where it is in the JSON text.
  int depth_ = 0;
  bool top_object_ = false;  // the body is an object (its members are what is looked at)
  bool in_string_ = false, escape_ = false;
  bool expect_key_ = false;  // the next string at depth 1 is a member name
  bool in_key_ = false, in_value_ = false;
  bool value_next_ = false;   // after ':' at depth 1
  std::string key_, member_;  // the name being read; the member whose value comes
  std::string upload_id_;     // the uploadId member as read, for hashing on the way
  std::string value_;         // a depth-1 string value being read (uploadId only)

  // The blob.
  enum class Blob { not_seen, streaming, staged, unstaged };
  Blob blob_ = Blob::not_seen;
  int blob_members_ = 0;     // layerPartBlob members at depth 1
  bool odd_key_ = false;     // a member name at depth 1 with an escape
  std::size_t blob_at_ = 0;  // where its text goes in the copy
  std::string pending_;      // base64 text not decoded yet: less than one slice
  std::vector<char> decoded_;
  std::unique_ptr<StagedPart> staged_;
  bool stage_failed_ = false;
};

}  // namespace ulp::reference
