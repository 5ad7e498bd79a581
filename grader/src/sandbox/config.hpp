#pragma once
// What every part of a sandboxed run shares: the isolation level chosen for this machine
// (Config, from the probe in sandbox.cpp), the uids and process counts of the sandbox's own
// processes, and a few small helpers for the texts a Result carries.

#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>

#include "grader/sandbox/sandbox.hpp"

namespace grader::sandbox::detail {

// The uid (and gid) of the program inside bubblewrap's user namespace.
constexpr uid_t kNobody = 65534;
// bwrap's own processes that count against the program's RLIMIT_NPROC: its init (pid 1 of the
// sandbox) when the limit is set inside the sandbox's user namespace (grader not root), and
// also bwrap itself when the limit comes with the run's own uid (grader root).
constexpr int kBubblewrapInit = 1;
constexpr int kBubblewrapProcesses = 2;

// The machine: which levels work here (probed once).

struct BubblewrapVariant {
  bool drop_uid = false;        // exec bwrap as the run's own uid (grader is root): unprivileged
  bool disable_userns = false;  // --disable-userns (bwrap >= 0.8)
};

struct Config {
  Isolation level = Isolation::rlimits;
  std::string bwrap;  // the bwrap executable (level bubblewrap)
  BubblewrapVariant variant;
  std::string why_not_stronger;  // for Result::protection
};

inline bool is_root() {
  return ::geteuid() == 0;
}

inline std::string errno_text(int error) {
  return std::system_category().message(error);
}

// The first line of `text`, at most 300 bytes of it.
inline std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  if (line.size() > 300) line = line.substr(0, 300) + "...";
  return line;
}

// `path` is `dir` or lies below it (both canonical).
inline bool is_within(const std::filesystem::path& path, const std::filesystem::path& dir) {
  auto [dir_end, path_it] = std::mismatch(dir.begin(), dir.end(), path.begin(), path.end());
  return dir_end == dir.end();
}

}  // namespace grader::sandbox::detail
