#include "grader/sandbox/work_folder.hpp"

#include <fmt/format.h>
#include <linux/magic.h>
#include <sys/mount.h>
#include <sys/statfs.h>

#include <system_error>

#include "grader/core/error.hpp"

namespace grader::sandbox {

namespace fs = std::filesystem;

WorkFolder::WorkFolder(fs::path path, std::size_t quota_bytes) : path_(std::move(path)) {
  std::error_code ec;
  fs::remove_all(path_, ec);
  fs::create_directory(path_, ec);
  if (ec) throw InputError(fmt::format("{}: cannot create: {}", path_.string(), ec.message()));
  fs::permissions(path_, fs::perms::owner_all, ec);
  // Inodes are bounded too: a million empty files cost memory, not bytes.
  const std::string options = fmt::format("size={},nr_inodes=16384,mode=0700", quota_bytes);
  mounted_ = ::mount("tmpfs", path_.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) == 0;
}

WorkFolder::~WorkFolder() {
  if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string work_folder_text(const fs::path& path) {
  struct statfs st {};
  if (::statfs(path.c_str(), &st) == 0 && st.f_type == TMPFS_MAGIC) {
    const auto bytes =
        static_cast<unsigned long long>(st.f_blocks) * static_cast<unsigned long long>(st.f_bsize);
    return fmt::format("work folder a tmpfs of {} MiB", bytes >> 20);
  }
  return "work folder on the disk (no quota: grader may not mount a tmpfs here)";
}

}  // namespace grader::sandbox
