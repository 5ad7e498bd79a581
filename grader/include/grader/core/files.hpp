#pragma once
// Reading whole files, always with a bound on their size (a FIFO, a device or a huge file
// never exhausts grader's memory):
// - read_file: a file grader chose itself (a spec, its own outputs, its cache);
// - read_beneath: a file that someone else controls (a student's submission folder), without
//   ever leaving that folder: no symbolic link is followed at any component of the path,
//   `..` is refused, and only a regular file with no other hard link is read. Every refusal
//   says which component and why, in words a student can act on; nothing of a refused file is
//   read.

#include <cstddef>
#include <filesystem>
#include <string>

#include "grader/core/error.hpp"

namespace grader {

// Why read_file could not read a file; what() names the file: "<path>: cannot read".
class FileError : public InputError {
 public:
  enum class Reason {
    cannot_read,  // missing, not permitted, or a read failed: "<path>: cannot read"
    not_regular,  // a folder, FIFO, device or socket: "<path>: not a regular file"
    too_large,    // more than max_bytes: "<path>: more than N bytes"
  };
  FileError(Reason reason, const std::string& message) : InputError(message), reason_(reason) {}
  Reason reason() const noexcept { return reason_; }

 private:
  Reason reason_;
};

// The bytes of the regular file at `path` (symbolic links followed: grader chose the path),
// if there are at most `max_bytes` of them; throws FileError otherwise. A FIFO or a device is
// refused without waiting on it.
std::string read_file(const std::filesystem::path& path, std::size_t max_bytes);

struct BeneathRead {
  bool ok = false;
  std::string text;   // the file's bytes, when ok
  std::string error;  // why not, naming the file as given ("p/environ: p is a symbolic link")
};

// Reads `relative` (a path as the student wrote it, relative to `folder`) with every
// component opened O_NOFOLLOW from the one before it, so that a symbolic link anywhere in the
// path (to /proc/self, /etc, the reference, a classmate), a path leaving `folder`, a device,
// a FIFO, a folder, a file with other hard links (it may be another file of the machine) or
// one larger than `max_bytes` is refused. `folder` itself is trusted (the grader chose it).
BeneathRead read_beneath(const std::filesystem::path& folder, const std::string& relative,
                         std::size_t max_bytes);

}  // namespace grader
