#include "reference/file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace ulp::reference {

bool fault_free(const DiskFaults* faults) {
  if (!faults) return true;
  const int e = faults->write_error.load();
  if (e == 0) return true;
  errno = e;
  return false;
}

bool write_all(int fd, std::string_view bytes, std::int64_t offset, const DiskFaults* faults) {
  if (!fault_free(faults)) return false;
  for (std::size_t done = 0; done < bytes.size();) {
    ssize_t n = ::pwrite(fd, bytes.data() + done, bytes.size() - done,
                         static_cast<off_t>(offset + static_cast<std::int64_t>(done)));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool read_all(int fd, char* out, std::size_t n, std::int64_t offset) {
  for (std::size_t done = 0; done < n;) {
    const ssize_t k = ::pread(fd, out + done, n - done,
                              static_cast<off_t>(offset + static_cast<std::int64_t>(done)));
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return false;
    done += static_cast<std::size_t>(k);
  }
  return true;
}

bool sync_dir(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  int rc;
  do {
    rc = ::fsync(fd);
  } while (rc < 0 && errno == EINTR);
  ::close(fd);
  return rc == 0;
}

bool lost_name(int fd) {
  struct stat st {};
  return ::fstat(fd, &st) == 0 && st.st_nlink == 0;
}

int restore_file(int fd, const std::filesystem::path& path, std::int64_t size) {
  int copy = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (copy < 0) return -1;
  loff_t from = 0, to = 0;
  bool done = true;
  while (from < size) {
    ssize_t n = ::copy_file_range(fd, &from, copy, &to, static_cast<std::size_t>(size - from), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      done = false;
      break;
    }
  }
  if (!done || ::fdatasync(copy) != 0 || !sync_dir(path.parent_path())) {
    ::close(copy);
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    return -1;
  }
  return copy;
}

}  // namespace ulp::reference
