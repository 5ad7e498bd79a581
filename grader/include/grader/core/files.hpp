#pragma once
// Reading a file that someone else controls (a student's submission folder) without ever
// leaving that folder: no symbolic link is followed at any component of the path, `..` is
// refused, and only a regular file with no other hard link is read. Every refusal says
// which component and why, in words a student can act on; nothing of a refused file is read.

#include <cstddef>
#include <filesystem>
#include <string>

namespace grader {

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
