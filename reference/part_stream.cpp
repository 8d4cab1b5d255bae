#include "reference/part_stream.hpp"

#include "core/aws_json.hpp"
#include "core/base64.hpp"

namespace ulp::reference {

namespace {
// Base64 text decoded at a time: a multiple of 4, small enough to stay in cache.
constexpr std::size_t kSlice = 128 << 10;
constexpr std::size_t kMaxName = 64;  // longer member names are none the scanner looks for
constexpr const char* kBlob = "layerPartBlob";
constexpr std::size_t kQueue = 256 << 10;  // received bytes waiting for the worker, at most
// A body no longer than this is scanned on the reader's thread as it comes: starting a worker
// would cost more than it saves.
constexpr std::size_t kInline = kQueue;
}  // namespace

PartStream::PartStream(Handler& handler, HttpRequest head)
    : handler_(handler),
      serving_(handler.engine()),
      request_(std::move(head)),
      max_body_bytes_(handler.max_body_bytes()) {
  request_.body.clear();
  if (handler.authenticates() && request_.headers.count("Authorization")) payload_sha_.emplace();
}

PartStream::~PartStream() {
  end_worker();
}

void PartStream::end_worker() {
  if (!worker_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    ended_ = true;
  }
  changed_.notify_all();
  worker_.join();
}

void PartStream::feed(std::string_view chunk) {
  received_ += chunk.size();
  // Beyond any valid request the body is only counted: the answer is 413 whatever it holds.
  if (received_ > max_body_bytes_) return;
  if (!worker_.joinable()) {
    if (received_ <= kInline) {
      take(chunk);
      return;
    }
    // The body is long: a worker scans the rest of it while the reader reads.
    queue_.reserve(kQueue);
    worker_ = std::thread([this] { work(); });
  }
  while (!chunk.empty()) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return queue_.size() < kQueue; });
    const std::size_t n = std::min(chunk.size(), kQueue - queue_.size());
    queue_.append(chunk.substr(0, n));
    chunk.remove_prefix(n);
    lock.unlock();
    changed_.notify_all();
  }
}

void PartStream::work() {
  std::string taken;
  taken.reserve(kQueue);
  while (true) {
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return !queue_.empty() || ended_; });
      if (queue_.empty()) return;  // ended, and everything scanned
      taken.swap(queue_);
      queue_.clear();
    }
    changed_.notify_all();
    take(taken);  // after a failure, drained unread, so that the reader never waits forever
  }
}

void PartStream::take(std::string_view chunk) {
  if (failed_) return;
  try {
    if (payload_sha_) payload_sha_->update(chunk);
    scan(chunk);
  } catch (const std::exception&) {
    failed_ = true;  // a fault of ours (no staging file): answered with a 500
  }
}

void PartStream::scan(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    if (blob_ == Blob::streaming) {
      const std::size_t n = aws_json::plain_prefix(s.substr(i));
      take_blob_text(s.substr(i, n));
      i += n;
      if (i == s.size() || blob_ != Blob::streaming) continue;
      if (s[i] == '"') {
        end_blob();
        // The string's closing quote goes through the scanner like any other.
      } else {
        unstage();  // an escape or a character base64 cannot hold: the whole path decides
      }
      continue;
    }
    scan_char(s[i++]);
  }
}

void PartStream::scan_char(char c) {
  request_.body += c;
  if (in_string_) {
    if (escape_) {
      escape_ = false;
      if (in_key_) odd_key_ = true;
      return;
    }
    if (c == '\\') {
      escape_ = true;
      if (in_key_) odd_key_ = true;
      return;
    }
    if (c != '"') {
      if (in_key_ && key_.size() <= kMaxName) key_ += c;
      if (in_value_ && value_.size() <= kMaxName) value_ += c;
      return;
    }
    in_string_ = false;
    if (in_key_) {
      in_key_ = false;
      member_ = key_;
      blob_members_ += member_ == kBlob;
    } else if (in_value_) {
      in_value_ = false;
      if (member_ == "uploadId") upload_id_ = value_;
    }
    return;
  }
  switch (c) {
    case '"':
      in_string_ = true;
      if (depth_ == 1 && top_object_ && expect_key_) {
        expect_key_ = false;
        in_key_ = true;
        key_.clear();
      } else if (depth_ == 1 && top_object_ && value_next_) {
        value_next_ = false;
        if (member_ == kBlob && blob_ == Blob::not_seen) {
          begin_blob();
        } else {
          in_value_ = true;
          value_.clear();
        }
      }
      return;
    case '{':
    case '[':
      if (depth_ == 0) top_object_ = c == '{';
      if (depth_ == 0 && top_object_) expect_key_ = true;
      value_next_ = false;
      ++depth_;
      return;
    case '}':
    case ']':
      --depth_;
      return;
    case ':':
      if (depth_ == 1) value_next_ = true;
      return;
    case ',':
      if (depth_ == 1) expect_key_ = top_object_;
      value_next_ = false;
      return;
    case ' ':
    case '\t':
    case '\n':
    case '\r':
      return;
    default:
      value_next_ = false;
      return;
  }
}

void PartStream::begin_blob() {
  blob_ = Blob::streaming;
  blob_at_ = request_.body.size();
  staged_ = std::make_unique<StagedPart>(handler_.engine().open_stage());
  // Hashed on the way when the upload is known by now (clients send uploadId first).
  if (!upload_id_.empty())
    if (auto running = handler_.engine().running_digest(upload_id_))
      staged_->continue_digest(upload_id_, running->sha, running->size);
}

void PartStream::take_blob_text(std::string_view text) {
  // Text is decoded a slice at a time, and only once more text follows it: the last
  // quantum, which may carry padding, is decoded at the closing quote.
  if (!pending_.empty() || text.size() <= kSlice) {
    const std::size_t fill = std::min(text.size(), kSlice - pending_.size());
    pending_.append(text.substr(0, fill));
    text.remove_prefix(fill);
    if (text.empty()) return;
    if (!decode_and_stage(pending_)) {
      unstage();              // pending_ included
      request_.body += text;  // the rest of this plain text, as it came
      return;
    }
    pending_.clear();
  }
  while (text.size() > kSlice) {
    if (!decode_and_stage(text.substr(0, kSlice))) {
      unstage();
      request_.body += text;
      return;
    }
    text.remove_prefix(kSlice);
  }
  pending_.assign(text);
}

// Decodes a slice that is not the blob's last and stages its bytes; false when it is not
// whole quanta of the standard alphabet.
bool PartStream::decode_and_stage(std::string_view text) {
  decoded_.resize(kSlice / 4 * 3);
  if (text.size() % 4 != 0 || !base64::decode_unpadded(text, decoded_.data())) return false;
  if (!stage_failed_ && !staged_->write(std::string_view(decoded_.data(), text.size() / 4 * 3)))
    stage_failed_ = true;
  return true;
}

void PartStream::end_blob() {
  // pending_ holds the blob's tail: strictly decoded, padding and all.
  auto tail = base64::decode(pending_);
  if (!tail) {
    unstage();
    return;
  }
  if (!stage_failed_ && !staged_->write(*tail)) stage_failed_ = true;
  pending_.clear();
  pending_.shrink_to_fit();
  blob_ = Blob::staged;
}

void PartStream::unstage() {
  // Every slice staged so far was whole quanta of the standard alphabet without padding,
  // so encoding its bytes again gives back exactly the text that came.
  std::string text;
  if (staged_ && !stage_failed_) {
    std::string slice;
    const std::int64_t size = staged_->size();
    for (std::int64_t at = 0; at < size;) {
      const auto n = static_cast<std::size_t>(std::min<std::int64_t>(size - at, 3 * kSlice));
      slice.resize(n);
      if (!staged_->stage().read(at, n, slice.data())) {
        stage_failed_ = true;
        break;
      }
      base64::encode_append(slice, text);
      at += static_cast<std::int64_t>(n);
    }
  }
  text += pending_;
  request_.body.insert(blob_at_, text);
  pending_.clear();
  staged_.reset();
  blob_ = Blob::unstaged;
  // The scanner goes on inside the blob's string, as for any other value.
  in_string_ = true;
  in_value_ = false;
}

HttpResponse PartStream::finish() {
  end_worker();
  if (failed_) return handler_.refused_by_http_layer(500);
  // Longer than any valid request: refused for its size before anything else is looked at.
  if (received_ > max_body_bytes_)
    return handler_.handle(request_, Streamed{received_, nullptr, {}});
  // With the blob's member named twice (or a name spelled with escapes), which text the
  // parser keeps is its business: the whole body goes to it.
  if (blob_ == Blob::streaming || (blob_ == Blob::staged && (blob_members_ > 1 || odd_key_)))
    unstage();
  if (stage_failed_ && blob_ != Blob::not_seen)
    return handler_.refused_by_http_layer(500);  // the disk refused the part: a fault of ours
  return handler_.handle(request_,
                         Streamed{received_, blob_ == Blob::staged ? staged_.get() : nullptr,
                                  payload_sha_ ? payload_sha_->hex() : std::string()});
}

}  // namespace ulp::reference
