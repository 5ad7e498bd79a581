#include "cache.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <mutex>

#include "grader/core/digest.hpp"
#include "grader/core/error.hpp"
#include "grader/sandbox/sandbox.hpp"

namespace grader::code::detail {

namespace fs = std::filesystem;

const std::vector<std::string> kFlags = {"-std=gnu++20", "-O1", "-I/usr/include/eigen3",
                                         "-fdiagnostics-color=never", "-w"};

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw InputError(fmt::format("{}: cannot write", path.string()));
}

std::string digest(const std::vector<std::string>& parts) {
  Fnv1a h;
  for (const auto& p : parts) h.field(p);
  return h.hex();
}

// A fresh folder for one sandboxed job, searchable so that the sandbox can enter it.
fs::path fresh_folder(const fs::path& cache, const std::string& what) {
  static std::atomic<std::uint64_t> counter{0};
  const fs::path dir = cache / "work" / fmt::format("{}-{}-{}", what, ::getpid(), counter++);
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir, ec);
  if (ec) throw InputError(fmt::format("{}: cannot create: {}", dir.string(), ec.message()));
  fs::permissions(dir, fs::perms::owner_all, ec);
  return dir;
}

void prepare_cache(const fs::path& cache) {
  std::error_code ec;
  for (const char* sub : {"", "work", "bin", "fail"}) {
    fs::create_directories(cache / sub, ec);
    if (ec)
      throw InputError(fmt::format("{}: cannot create the code cache: {}", (cache / sub).string(),
                                   ec.message()));
  }
  // The sandbox's uid must reach the precompiled header (and enter its own work folder);
  // the binaries and failures are grader's alone.
  fs::permissions(cache,
                  fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                      fs::perms::others_read | fs::perms::others_exec,
                  ec);
  fs::permissions(cache / "work",
                  fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec, ec);
  for (const char* sub : {"bin", "fail"}) fs::permissions(cache / sub, fs::perms::owner_all, ec);
}

// `g++ --version`: part of every cache key. Run in a private folder of the cache: the
// sandbox hands its work folder to the run's uid (a recursive chown), so it must never be a
// shared one such as /tmp.
std::string compiler_version(const fs::path& cache) {
  static std::mutex mutex;
  static std::string version;
  std::lock_guard<std::mutex> lock(mutex);
  if (!version.empty()) return version;
  const fs::path work = fresh_folder(cache, "version");
  sandbox::Request r;
  r.argv = {"g++", "--version"};
  r.work_dir = work;
  r.limits.wall_seconds = 30;
  const auto result = sandbox::run(r);
  std::error_code ec;
  fs::remove_all(work, ec);
  if (result.outcome != sandbox::Outcome::exited || result.exit_code != 0)
    throw InternalError(fmt::format("g++ --version failed: {}", result.detail));
  version = result.stdout_data;
  return version;
}

}  // namespace grader::code::detail
