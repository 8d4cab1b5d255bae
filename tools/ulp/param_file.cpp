#include "tools/ulp/param_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "tools/ulp/cli_error.hpp"
#include "tools/ulp/python_text.hpp"

namespace ulp::cli {

namespace {

bool is_word(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// Reads a whole file; on failure returns the errno.
int read_file(const std::string& path, std::string* out) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return EISDIR;
  }
  // Straight into the string: a buffer on the stack would be fresh pages to fault in, and
  // ulp, a process per call, pays for every page it touches first (about 30 µs each, measured).
  std::size_t have = 0;
  out->resize(st.st_size > 0 ? static_cast<std::size_t>(st.st_size) : 4096);
  for (;;) {
    if (have == out->size()) out->resize(2 * out->size());  // longer than it was, or a pipe
    ssize_t n = ::read(fd, out->data() + have, out->size() - have);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      return e;
    }
    if (n == 0) break;
    have += static_cast<std::size_t>(n);
  }
  out->resize(have);
  ::close(fd);
  return 0;
}

bool valid_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

// Python's text mode reads "\r\n" and "\r" as "\n".
std::string universal_newlines(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += '\n';
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

std::string expand_path(const std::string& path) {
  std::string p = path;
  if (p == "~" || p.starts_with("~/")) {
    if (const char* home = std::getenv("HOME")) p = std::string(home) + p.substr(1);
  }
  std::string out;
  for (std::size_t i = 0; i < p.size();) {
    if (p[i] == '$' && i + 1 < p.size()) {
      std::size_t end = i + 1;
      std::string name;
      if (p[i + 1] == '{') {
        auto close = p.find('}', i + 2);
        if (close != std::string::npos) {
          name = p.substr(i + 2, close - i - 2);
          end = close + 1;
        }
      } else {
        while (end < p.size() && is_word(p[end])) ++end;
        name = p.substr(i + 1, end - i - 1);
      }
      const char* value = name.empty() ? nullptr : std::getenv(name.c_str());
      if (value) {
        out += value;
        i = end;
        continue;
      }
    }
    out += p[i++];
  }
  return out;
}

std::optional<ParamFile> load_param_file(const std::string& value, const std::string& cli_name) {
  bool binary = false;
  std::string prefix;
  if (value.starts_with("fileb://")) {
    binary = true;
    prefix = "fileb://";
  } else if (value.starts_with("file://")) {
    prefix = "file://";
  } else {
    return std::nullopt;
  }
  const std::string path = expand_path(value.substr(prefix.size()));
  ParamFile f;
  f.binary = binary;
  if (int e = read_file(path, &f.content))
    throw param_error(cli_name, "Unable to load paramfile " + value + ": [Errno " +
                                    std::to_string(e) + "] " + std::strerror(e) + ": " +
                                    python_repr(path));
  if (!binary) {
    if (!valid_utf8(f.content))
      throw param_error(cli_name, "Unable to load paramfile (" + path +
                                      "), text contents could not be decoded.  If this is a "
                                      "binary file, please use the fileb:// prefix instead of "
                                      "the file:// prefix.");
    f.content = universal_newlines(f.content);
  }
  return f;
}

}  // namespace ulp::cli
