#include "cgroup.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>

namespace grader::sandbox::detail {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> read_text(const fs::path& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Writes `text` to a cgroup file; the system's reason when it fails.
std::string write_text(const fs::path& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return fmt::format("{}: {}", path.string(), std::system_category().message(errno));
  const ssize_t n = ::write(fd, text.data(), text.size());
  const int error = errno;
  ::close(fd);
  if (n != static_cast<ssize_t>(text.size())) {
    return fmt::format("{}: {}", path.string(), std::system_category().message(error));
  }
  return {};
}

// The value after `key` in a flat keyed file ("oom_kill 3").
std::optional<long long> keyed_value(const fs::path& path, const std::string& key) {
  const auto text = read_text(path);
  if (!text) return std::nullopt;
  std::istringstream in(*text);
  for (std::string k; in >> k;) {
    long long value = 0;
    if (!(in >> value)) return std::nullopt;
    if (k == key) return value;
  }
  return std::nullopt;
}

// grader's own cgroup of a v1 controller (or of v2 with controller ""), from /proc/self/cgroup.
std::optional<std::string> own_path(const std::string& controller) {
  const auto text = read_text("/proc/self/cgroup");
  if (!text) return std::nullopt;
  std::istringstream in(*text);
  for (std::string line; std::getline(in, line);) {
    const auto first = line.find(':');
    const auto second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    const std::string controllers = line.substr(first + 1, second - first - 1);
    const std::string path = line.substr(second + 1);
    if (controller.empty()) {
      if (line.compare(0, first, "0") == 0 && controllers.empty()) return path;
      continue;
    }
    std::istringstream names(controllers);
    for (std::string name; std::getline(names, name, ',');) {
      if (name == controller) return path;
    }
  }
  return std::nullopt;
}

std::string unique_name() {
  static std::atomic<unsigned> counter{0};
  return fmt::format("grader-run-{}-{}", ::getpid(), counter++);
}

bool has_word(const std::string& text, const std::string& word) {
  std::istringstream in(text);
  for (std::string w; in >> w;) {
    if (w == word) return true;
  }
  return false;
}

}  // namespace

std::unique_ptr<RunCgroup> RunCgroup::create(std::size_t memory_bytes, int processes,
                                             std::string& why_not) {
  std::unique_ptr<RunCgroup> group(new RunCgroup);
  group->memory_bytes_ = memory_bytes;
  group->processes_ = processes;
  const std::string name = unique_name();
  std::error_code ec;

  // v1: the memory and pids hierarchies, below grader's own groups.
  const auto memory_own = own_path("memory");
  const auto pids_own = own_path("pids");
  std::string error;
  if (memory_own && pids_own && fs::is_directory("/sys/fs/cgroup/memory", ec) &&
      fs::is_directory("/sys/fs/cgroup/pids", ec)) {
    error = group->create_v1(*memory_own, *pids_own, name);
  } else {
    error = group->create_v2(name);
  }
  if (error.empty()) error = group->open_join_fds();
  if (!error.empty()) {
    why_not = std::move(error);
    return nullptr;  // the destructor removes the groups made so far
  }
  return group;
}

std::string RunCgroup::create_v1(const std::string& memory_own, const std::string& pids_own,
                                 const std::string& name) {
  const fs::path memory = fs::path("/sys/fs/cgroup/memory") / memory_own.substr(1) / name;
  const fs::path pids = fs::path("/sys/fs/cgroup/pids") / pids_own.substr(1) / name;
  version_ = 1;
  if (auto error = make_group(memory); !error.empty()) return error;
  if (auto error = make_group(pids); !error.empty()) return error;
  // Without swap accounting (memsw) there is no swap limit; this machine kind has no swap.
  return write_limits(memory / "memory.limit_in_bytes", memory / "memory.memsw.limit_in_bytes",
                      std::to_string(memory_bytes_), pids / "pids.max");
}

std::string RunCgroup::create_v2(const std::string& name) {
  // v2: a group below grader's own, which must delegate the memory and pids controllers.
  std::error_code ec;
  const auto own = own_path("");
  fs::path root = "/sys/fs/cgroup";
  if (!fs::exists(root / "cgroup.controllers", ec)) root = "/sys/fs/cgroup/unified";
  if (!own || !fs::exists(root / "cgroup.controllers", ec)) {
    return "no cgroup v1 memory and pids controllers, and no cgroup v2 hierarchy";
  }
  const fs::path parent = root / own->substr(1);
  const auto available = read_text(parent / "cgroup.controllers").value_or("");
  if (!has_word(available, "memory") || !has_word(available, "pids")) {
    return fmt::format("cgroup v2: {} offers no memory and pids controllers", parent.string());
  }
  const auto delegated = read_text(parent / "cgroup.subtree_control").value_or("");
  if (!has_word(delegated, "memory") || !has_word(delegated, "pids")) {
    // Refused (EBUSY) when grader's own group holds processes and is not the root.
    if (auto error = write_text(parent / "cgroup.subtree_control", "+memory +pids");
        !error.empty()) {
      return "cgroup v2: cannot delegate memory and pids: " + error;
    }
  }
  const fs::path dir = parent / name;
  version_ = 2;
  if (auto error = make_group(dir); !error.empty()) return error;
  return write_limits(dir / "memory.max", dir / "memory.swap.max", "0", dir / "pids.max");
}

std::string RunCgroup::make_group(const fs::path& dir) {
  if (::mkdir(dir.c_str(), 0755) != 0) {
    return fmt::format("cgroup v{}: cannot create {}: {}", version_, dir.string(),
                       std::system_category().message(errno));
  }
  dirs_.push_back(dir);
  return {};
}

std::string RunCgroup::write_limits(const fs::path& memory_max, const fs::path& swap_max,
                                    const std::string& swap_value, const fs::path& pids_max) const {
  std::error_code ec;
  std::string error = write_text(memory_max, std::to_string(memory_bytes_));
  if (error.empty() && fs::exists(swap_max, ec)) error = write_text(swap_max, swap_value);
  if (error.empty()) {
    error = write_text(pids_max, processes_ > 0 ? std::to_string(processes_) : "max");
  }
  return error.empty() ? error : fmt::format("cgroup v{}: {}", version_, error);
}

std::string RunCgroup::open_join_fds() {
  for (const auto& dir : dirs_) {
    const int fd = ::open((dir / "cgroup.procs").c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
      return fmt::format("{}: {}", (dir / "cgroup.procs").string(),
                         std::system_category().message(errno));
    }
    join_fds_.push_back(fd);
  }
  return {};
}

RunCgroup::~RunCgroup() {
  for (const int fd : join_fds_) ::close(fd);
  kill_all();
  // A group is removable once its last process is reaped; the run's processes may take a
  // moment to be reaped by their parents after the kill.
  for (auto it = dirs_.rbegin(); it != dirs_.rend(); ++it) {
    for (int attempt = 0; attempt < 100; ++attempt) {
      if (::rmdir(it->c_str()) == 0 || errno == ENOENT) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
}

void RunCgroup::kill_all() const {
  if (dirs_.empty()) return;
  const fs::path& dir = dirs_.front();
  if (version_ == 2 && write_text(dir / "cgroup.kill", "1").empty()) return;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (std::chrono::steady_clock::now() < deadline) {
    const auto text = read_text(dir / "cgroup.procs");
    if (!text || text->empty()) return;
    std::istringstream in(*text);
    for (long pid = 0; in >> pid;) {
      if (pid > 0) ::kill(static_cast<pid_t>(pid), SIGKILL);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

std::size_t RunCgroup::peak_bytes() const {
  if (dirs_.empty()) return 0;
  const fs::path& dir = dirs_.front();
  const auto text = read_text(dir / (version_ == 1 ? "memory.max_usage_in_bytes" : "memory.peak"));
  if (!text) return 0;
  try {
    return static_cast<std::size_t>(std::stoull(*text));
  } catch (const std::invalid_argument&) {
    return 0;  // not a number: the kernel does not say
  } catch (const std::out_of_range&) {
    return 0;  // not a number of bytes: the kernel does not say
  }
}

bool RunCgroup::out_of_memory() const {
  if (dirs_.empty()) return false;
  const fs::path& dir = dirs_.front();
  const auto kills = version_ == 1 ? keyed_value(dir / "memory.oom_control", "oom_kill")
                                   : keyed_value(dir / "memory.events", "oom_kill");
  return kills.value_or(0) > 0;
}

std::string RunCgroup::text() const {
  return fmt::format("cgroup v{}: {} MiB of memory and {} processes for the whole run", version_,
                     memory_bytes_ >> 20, processes_);
}

}  // namespace grader::sandbox::detail
