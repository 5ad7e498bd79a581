#pragma once
// The folder one sandboxed run works in (sandbox::Request::work_dir), with a bound on the
// bytes its files may take in all: where grader may mount (as root), a tmpfs of `quota_bytes`
// is mounted on it, so that a program filling its folder stops at the quota (ENOSPC) instead
// of filling the host's disk, and the pages it writes count against the run's memory limit
// (cgroup.hpp). Elsewhere it is a plain folder of the disk, each file bounded by
// Limits::file_bytes only; sandbox::Result::protection says which.

#include <cstddef>
#include <filesystem>
#include <string>

namespace grader::sandbox {

class WorkFolder {
 public:
  // Creates `path` (0700; its parent must exist) and mounts the tmpfs when it can. Throws
  // grader::InputError when the folder cannot be created.
  WorkFolder(std::filesystem::path path, std::size_t quota_bytes);
  ~WorkFolder();  // unmounts and removes the folder and everything in it
  WorkFolder(const WorkFolder&) = delete;
  WorkFolder& operator=(const WorkFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }
  bool has_quota() const { return mounted_; }

 private:
  std::filesystem::path path_;
  bool mounted_ = false;
};

// How the work folder at `path` is bounded, for Result::protection: "work folder a tmpfs of
// 64 MiB" or "work folder on the disk (no quota)".
std::string work_folder_text(const std::filesystem::path& path);

}  // namespace grader::sandbox
