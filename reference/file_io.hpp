// The few file operations durability rests on, each retried on EINTR and all or nothing
// where it can be. A write error is reported, never half hidden: the caller answers
// ServerException and keeps the state it had.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string_view>

namespace ulp::reference {

// Disk faults on demand, for tests: while `write_error` is set (an errno such as ENOSPC or
// EROFS), every write and every file made under the store fails with it. A real full disk
// or read-only mount gives the same errors; this makes them cheap to cause and to end.
struct DiskFaults {
  std::atomic<int> write_error{0};
};

// Writes all of `bytes` at `offset`; false (errno set) when any of it could not be written.
bool write_all(int fd, std::string_view bytes, std::int64_t offset, const DiskFaults* faults);
// Reads n bytes at `offset` into out; false when they are not all there.
bool read_all(int fd, char* out, std::size_t n, std::int64_t offset);
// Makes a directory's entries (files made, renamed or removed in it) durable.
bool sync_dir(const std::filesystem::path& dir);
// True when the open file behind `fd` has lost its last name: removed behind our back.
bool lost_name(int fd);
// Puts the first `size` bytes of such a file back under `path`, durably: the open file still
// holds every byte, but Linux links no file whose last name is gone, so they are copied.
// Returns the new file's descriptor (the caller closes the old one), or -1.
int restore_file(int fd, const std::filesystem::path& path, std::int64_t size);
// False (errno set) when faults are injected: for the calls that make files.
bool fault_free(const DiskFaults* faults);

}  // namespace ulp::reference
