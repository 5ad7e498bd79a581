#include "grader/sandbox/sandbox.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>
#include <utility>

#include "cgroup.hpp"
#include "child.hpp"
#include "grader/core/posix.hpp"
#include "grader/sandbox/work_folder.hpp"
#include "seccomp.hpp"

namespace grader::sandbox {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using detail::ChildPlan;
using detail::MountPoint;
using detail::ResourceLimit;
using detail::RunCgroup;
using detail::StatusRecord;

// The uid (and gid) of the program inside bubblewrap's user namespace.
constexpr uid_t kNobody = 65534;
// bwrap's own processes that count against the program's RLIMIT_NPROC: its init (pid 1 of the
// sandbox) when the limit is set inside the sandbox's user namespace (grader not root), and
// also bwrap itself when the limit comes with the run's own uid (grader root).
constexpr int kBubblewrapInit = 1;
constexpr int kBubblewrapProcesses = 2;
// Room in the whole run's control group for the sandbox's own processes (the child that
// starts the run, bwrap, its init, or the namespaces level's init): memory and tasks.
constexpr std::size_t kSandboxMemory = std::size_t{64} << 20;
constexpr int kSandboxProcesses = 4;
// After the program ended, how long its outputs are still read (from descendants that
// escaped the kill: only possible at the rlimits level without root).
constexpr std::chrono::milliseconds kDrainGrace{500};

std::string errno_text(int error) {
  return std::system_category().message(error);
}

struct Pipe {
  Fd read, write;
};

// Close-on-exec, so that no other run's child inherits it past its execve.
std::optional<Pipe> make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return std::nullopt;
  return Pipe{Fd(fds[0]), Fd(fds[1])};
}

void set_nonblocking(int fd) {
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

// Blocks SIGPIPE in the calling thread while a run writes to the program's stdin (a program
// that closes its stdin makes the write fail with EPIPE instead of killing grader), and
// swallows the SIGPIPE the kernel queued for this thread meanwhile.
class SigpipeBlocked {
 public:
  SigpipeBlocked() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    ::pthread_sigmask(SIG_BLOCK, &set, &old_);
    sigset_t pending;
    ::sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
  }
  ~SigpipeBlocked() {
    sigset_t pending;
    ::sigpending(&pending);
    if (!was_pending_ && sigismember(&pending, SIGPIPE) == 1) {
      sigset_t set;
      sigemptyset(&set);
      sigaddset(&set, SIGPIPE);
      const timespec zero{};
      ::sigtimedwait(&set, nullptr, &zero);
    }
    ::pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeBlocked(const SigpipeBlocked&) = delete;
  SigpipeBlocked& operator=(const SigpipeBlocked&) = delete;

 private:
  sigset_t old_;
  bool was_pending_ = false;
};

// argv/envp for execve: the strings and the null-terminated array of pointers into them.
class CStrings {
 public:
  explicit CStrings(std::vector<std::string> strings) : strings_(std::move(strings)) {
    for (auto& s : strings_) pointers_.push_back(s.data());
    pointers_.push_back(nullptr);
  }
  CStrings(const CStrings&) = delete;
  CStrings& operator=(const CStrings&) = delete;
  char* const* get() const { return pointers_.data(); }

 private:
  std::vector<std::string> strings_;
  std::vector<char*> pointers_;
};

std::string bytes_text(std::size_t bytes) {
  constexpr std::size_t kKiB = 1024, kMiB = kKiB * 1024;
  if (bytes >= kMiB && bytes % kMiB == 0) return fmt::format("{} MiB", bytes / kMiB);
  if (bytes >= kKiB && bytes % kKiB == 0) return fmt::format("{} KiB", bytes / kKiB);
  return fmt::format("{} bytes", bytes);
}

std::string seconds_text(double seconds) {
  return fmt::format("{:g} s", seconds);
}

std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  if (line.size() > 300) line = line.substr(0, 300) + "...";
  return line;
}

bool is_within(const fs::path& path, const fs::path& dir) {
  auto [dir_end, path_it] = std::mismatch(dir.begin(), dir.end(), path.begin(), path.end());
  return dir_end == dir.end();
}

// ---------------------------------------------------------------------------------------------
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

bool is_root() {
  return ::geteuid() == 0;
}

// A uid of its own for each run when grader is root, so that a program can neither signal
// another run's processes nor share its process count (RLIMIT_NPROC counts per uid; root
// could not even lower the limit of an unprivileged process from outside without
// CAP_SYS_RESOURCE, which containers often lack).
// Unused by any account: 1,800,000,000 + (grader's pid mod 65536) * 4096 + run number mod 4096.
uid_t run_uid() {
  static std::atomic<unsigned> counter{0};
  const auto pid = static_cast<unsigned>(::getpid()) % 65536u;
  return 1'800'000'000u + pid * 4096u + counter++ % 4096u;
}

// Hands the work folder and everything in it to the sandbox's uid (permissions unchanged).
std::string give_work_dir(const fs::path& dir, uid_t uid, gid_t gid) {
  if (::lchown(dir.c_str(), uid, gid) != 0) {
    return fmt::format("cannot give {} to uid {}: {}", dir.string(), uid, errno_text(errno));
  }
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    ::lchown(it->path().c_str(), uid, gid);  // does not follow symbolic links
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Building a run.

std::map<std::string, std::string> environment(const Request& request, const fs::path& work_dir) {
  auto env = request.env;
  env.try_emplace("PATH", "/usr/local/bin:/usr/bin:/bin");
  env.try_emplace("HOME", work_dir.string());
  env.try_emplace("TMPDIR", work_dir.string());
  env.try_emplace("LANG", "C.UTF-8");
  return env;
}

std::vector<ResourceLimit> resource_limits(const Limits& limits, bool with_processes,
                                           int extra_processes) {
  std::vector<ResourceLimit> out;
  const auto add = [&](int resource, rlim_t soft, rlim_t hard) {
    out.push_back({resource, rlimit{soft, hard}});
  };
  if (limits.cpu_seconds > 0) {
    const auto soft = static_cast<rlim_t>(std::max(1.0, std::ceil(limits.cpu_seconds)));
    add(RLIMIT_CPU, soft, soft + 1);  // SIGXCPU, then SIGKILL a second later
  }
  if (limits.memory_bytes > 0) add(RLIMIT_AS, limits.memory_bytes, limits.memory_bytes);
  if (limits.file_bytes > 0) add(RLIMIT_FSIZE, limits.file_bytes, limits.file_bytes);
  add(RLIMIT_CORE, 0, 0);  // no core files in the work folder
  if (with_processes && limits.processes > 0) {
    const auto n = static_cast<rlim_t>(limits.processes + extra_processes);
    add(RLIMIT_NPROC, n, n);
  }
  return out;
}

// A path a program must not see: a folder (covered by an empty tmpfs) or a file (by
// /dev/null).
struct HiddenPath {
  std::string path;
  bool folder = true;
};

// The host's mount points to make read-only (level namespaces), with the flags each keeps.
// /proc and /sys are left alone (a fresh /proc replaces the first), and so is anything mounted
// inside the work folder.
struct MountList {
  std::vector<std::string> paths;
  std::vector<MountPoint> points;
};

std::string unescape_mountinfo(const std::string& field) {
  std::string out;
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size()) {
      const std::string octal = field.substr(i + 1, 3);
      if (octal.find_first_not_of("01234567") == std::string::npos) {
        out += static_cast<char>(std::stoi(octal, nullptr, 8));
        i += 3;
        continue;
      }
    }
    out += field[i];
  }
  return out;
}

MountList read_only_mounts(const fs::path& work_dir) {
  MountList list;
  std::ifstream in("/proc/self/mountinfo");
  std::vector<unsigned long> flags;
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::string id, parent, device, root, mount_point, options;
    if (!(fields >> id >> parent >> device >> root >> mount_point >> options)) continue;
    const fs::path path = unescape_mountinfo(mount_point);
    if (is_within(path, "/proc") || is_within(path, "/sys") || is_within(path, work_dir)) {
      continue;
    }
    unsigned long keep = 0;
    std::istringstream opts(options);
    for (std::string opt; std::getline(opts, opt, ',');) {
      if (opt == "nosuid") keep |= MS_NOSUID;
      if (opt == "nodev") keep |= MS_NODEV;
      if (opt == "noexec") keep |= MS_NOEXEC;
      if (opt == "noatime") keep |= MS_NOATIME;
      if (opt == "nodiratime") keep |= MS_NODIRATIME;
      if (opt == "relatime") keep |= MS_RELATIME;
    }
    list.paths.push_back(path.string());
    flags.push_back(keep);
  }
  for (std::size_t i = 0; i < list.paths.size(); ++i) {
    list.points.push_back({list.paths[i].c_str(), flags[i]});
  }
  return list;
}

// argv[0] looked up in the program's PATH (levels namespaces and rlimits; bwrap looks it up
// inside the sandbox itself).
std::optional<std::string> find_program(const std::string& name, const std::string& path_var,
                                        const fs::path& work_dir) {
  if (name.find('/') != std::string::npos) {
    const fs::path p(name);
    return (p.is_absolute() ? p : work_dir / p).string();
  }
  std::istringstream dirs(path_var);
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (dir.empty()) dir = work_dir.string();
    const auto candidate = (fs::path(dir) / name).string();
    struct stat st {};
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return std::nullopt;
}

// bwrap's command line: a new root holding /usr (and the merged-/usr symbolic links), what of
// /etc programs need, /proc, /dev, a private /tmp and /dev/shm, the read-only paths and the
// work folder, each at its host path.
std::vector<std::string> bwrap_command(const Config& config, const Request& request,
                                       const fs::path& work_dir,
                                       const std::vector<fs::path>& read_only,
                                       const std::vector<HiddenPath>& hidden,
                                       const std::map<std::string, std::string>& env) {
  std::vector<std::string> a = {config.bwrap,          "--unshare-user", "--unshare-pid",
                                "--unshare-net",       "--unshare-ipc",  "--unshare-uts",
                                "--unshare-cgroup-try"};
  if (config.variant.disable_userns) a.push_back("--disable-userns");
  const auto nobody = std::to_string(kNobody);
  for (const char* arg : {"--uid", nobody.c_str(), "--gid", nobody.c_str(), "--hostname", "sandbox",
                          "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--clearenv",
                          "--ro-bind", "/usr", "/usr"}) {
    a.emplace_back(arg);
  }
  for (const char* top : {"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"}) {
    std::error_code ec;
    const auto status = fs::symlink_status(top, ec);
    if (ec) continue;
    if (fs::is_symlink(status)) {
      const auto target = fs::read_symlink(top, ec);
      if (!ec) a.insert(a.end(), {"--symlink", target.string(), top});
    } else if (fs::is_directory(status)) {
      a.insert(a.end(), {"--ro-bind", top, top});
    }
  }
  // /etc: the dynamic linker's cache, alternatives (cc, c++), user and group names, time zone,
  // Python's configuration. Not the rest (no keys, no host names, no shadow).
  std::vector<std::string> etc = {"alternatives", "group",     "ld.so.cache",   "ld.so.conf",
                                  "ld.so.conf.d", "localtime", "nsswitch.conf", "passwd"};
  std::error_code ec;
  for (fs::directory_iterator it("/etc", ec), end; !ec && it != end; it.increment(ec)) {
    const auto name = it->path().filename().string();
    if (name.rfind("python3", 0) == 0) etc.push_back(name);
  }
  for (const auto& name : etc) {
    a.insert(a.end(), {"--ro-bind-try", "/etc/" + name, "/etc/" + name});
  }
  // The sandbox's pid 1 is bwrap's own init, of the program's uid: its memory is covered, so
  // that the program cannot rewrite it (ptrace is refused by the filter, seccomp.hpp).
  a.insert(a.end(), {"--proc", "/proc", "--ro-bind", "/dev/null", "/proc/1/mem", "--ro-bind",
                     "/dev/null", "/proc/1/task/1/mem", "--dev", "/dev"});
  for (const char* tmp : {"/tmp", "/dev/shm"}) {
    if (request.limits.file_bytes > 0) {
      a.insert(a.end(), {"--size", std::to_string(request.limits.file_bytes)});
    }
    a.insert(a.end(), {"--tmpfs", tmp});
  }
  // Shallow paths first, so that a folder inside another one is mounted on top of it.
  std::vector<std::pair<fs::path, bool>> binds;
  for (const auto& p : read_only) binds.emplace_back(p, false);
  binds.emplace_back(work_dir, true);
  std::stable_sort(binds.begin(), binds.end(), [](const auto& x, const auto& y) {
    return std::distance(x.first.begin(), x.first.end()) <
           std::distance(y.first.begin(), y.first.end());
  });
  for (const auto& [path, writable] : binds) {
    a.insert(a.end(), {writable ? "--bind" : "--ro-bind", path.string(), path.string()});
  }
  // What must stay out of sight although it lies in what is shown (an installed grader's
  // share/grader under /usr, its binary): an empty read-only tmpfs over a folder, /dev/null
  // over a file.
  for (const auto& h : hidden) {
    if (h.folder) {
      a.insert(a.end(),
               {"--perms", "0555", "--size", "4096", "--tmpfs", h.path, "--remount-ro", h.path});
    } else {
      a.insert(a.end(), {"--ro-bind", "/dev/null", h.path});
    }
  }
  // The root itself (a tmpfs bwrap made) is read-only: the program writes only to its work
  // folder and the sized /tmp and /dev/shm.
  a.insert(a.end(), {"--remount-ro", "/"});
  a.insert(a.end(), {"--chdir", work_dir.string()});
  for (const auto& [name, value] : env) a.insert(a.end(), {"--setenv", name, value});
  a.insert(a.end(), {"--info-fd", "4", "--block-fd", "5", "--"});
  a.insert(a.end(), request.argv.begin(), request.argv.end());
  return a;
}

// ---------------------------------------------------------------------------------------------
// Running.

std::string limits_text(const Limits& limits, const std::string& processes_note) {
  std::vector<std::string> parts = {"wall " + seconds_text(limits.wall_seconds)};
  if (limits.cpu_seconds > 0) {
    parts.push_back("CPU " + seconds_text(std::max(1.0, std::ceil(limits.cpu_seconds))) +
                    " per process");
  }
  if (limits.memory_bytes > 0) {
    parts.push_back("address space " + bytes_text(limits.memory_bytes) + " per process");
  }
  if (limits.output_bytes > 0) {
    parts.push_back("output " + bytes_text(limits.output_bytes) + " per stream");
  }
  if (limits.file_bytes > 0) parts.push_back("files " + bytes_text(limits.file_bytes));
  if (!processes_note.empty()) {
    parts.push_back(processes_note);
  } else if (limits.processes > 0) {
    parts.push_back(fmt::format("{} processes", limits.processes));
  }
  std::string out = "limits: ";
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out;
}

std::string namespaces_text(int flags) {
  std::vector<std::string> names;
  if (flags & CLONE_NEWPID) names.emplace_back("pid");
  if (flags & CLONE_NEWNET) names.emplace_back("network");
  if (flags & CLONE_NEWNS) names.emplace_back("mount");
  if (flags & CLONE_NEWIPC) names.emplace_back("IPC");
  if (flags & CLONE_NEWUTS) names.emplace_back("UTS");
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
  }
  return out;
}

// What the run's helpers reported through the status pipe.
struct Reports {
  std::optional<int> namespaces;
  std::optional<int> mount_failures;
  bool fresh_proc = false;
  std::optional<int> program_status;
  std::optional<int> exec_errno;
  std::optional<std::pair<int, int>> setup_errno;  // errno, step
  std::optional<int> nproc_errno;                  // grader's prlimit() on bwrap's init failed
};

void parse_reports(const std::string& bytes, Reports& reports) {
  for (std::size_t at = 0; at + sizeof(StatusRecord) <= bytes.size(); at += sizeof(StatusRecord)) {
    StatusRecord r{};
    std::memcpy(&r, bytes.data() + at, sizeof r);
    switch (r.tag) {
      case detail::kNamespaces:
        reports.namespaces = r.value;
        break;
      case detail::kMounts:
        reports.mount_failures = r.value;
        reports.fresh_proc = r.extra != 0;
        break;
      case detail::kProgramStatus:
        reports.program_status = r.value;
        break;
      case detail::kExecErrno:
        reports.exec_errno = r.value;
        break;
      case detail::kSetupErrno:
        reports.setup_errno = std::pair{r.value, r.extra};
        break;
      default:
        break;
    }
  }
}

std::string_view step_name(int step) {
  switch (step) {
    case detail::kStepFds:
      return "placing file descriptors";
    case detail::kStepRlimit:
      return "setting resource limits";
    case detail::kStepUid:
      return "changing uid";
    case detail::kStepChdir:
      return "entering the work folder";
    case detail::kStepFork:
      return "fork";
    case detail::kStepMountWorkDir:
      return "mounting the work folder";
    case detail::kStepCgroup:
      return "joining the run's control group";
    case detail::kStepSeccomp:
      return "installing the system-call filter";
    default:
      return "set-up";
  }
}

bool contains(const std::string& text, std::string_view what) {
  return text.find(what) != std::string::npos;
}

double seconds_of(const timeval& t) {
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
}

// The bwrap --info-fd answer: {"child-pid": N}. Reads until it is complete, EOF or deadline.
std::optional<pid_t> read_child_pid(int fd, Clock::time_point deadline) {
  std::string text;
  char buffer[256];
  // What is left before the deadline, at most a second (recomputed when a signal interrupts).
  const auto left = [&] {
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return static_cast<int>(std::clamp<long long>(ms, 0, 1000));
  };
  while (text.find('}') == std::string::npos) {
    if (left() <= 0) return std::nullopt;
    pollfd p{fd, POLLIN, 0};
    const int ready = retry_on_eintr([&] { return ::poll(&p, 1, left()); });
    if (ready < 0) return std::nullopt;
    if (ready == 0) continue;
    const ssize_t n = retry_on_eintr([&] { return ::read(fd, buffer, sizeof buffer); });
    if (n <= 0) return std::nullopt;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  const auto key = text.find("\"child-pid\"");
  if (key == std::string::npos) return std::nullopt;
  const auto digits = text.find_first_of("0123456789", key);
  if (digits == std::string::npos) return std::nullopt;
  return static_cast<pid_t>(std::atol(text.c_str() + digits));
}

// Who the program is on the host, and whether its process limit can hold.
struct Identity {
  bool drop = false;  // runs as `uid`/`gid` instead of grader's own
  uid_t uid = 0;
  gid_t gid = 0;
  bool processes_enforced = false;
  std::string processes_note;  // replaces "N processes" in the limits when not enforced
  // "uid 65534 inside, a uid of its own on the host", ...: never the run's uid itself, which
  // depends on grader's pid and the order of runs, so that a report is the same every run.
  std::string text;
};

Identity identity_for(const Config& config, const Limits& limits) {
  const bool bubblewrap = config.level == Isolation::bubblewrap;
  const bool root = is_root();
  Identity id;
  id.drop = bubblewrap ? config.variant.drop_uid : root;
  id.uid = id.drop ? run_uid() : ::getuid();
  id.gid = id.drop ? static_cast<gid_t>(id.uid) : ::getgid();
  // RLIMIT_NPROC holds for the run's own uid, or (bubblewrap without root) inside the
  // sandbox's user namespace; never for a program that is root on the host.
  id.processes_enforced = limits.processes > 0 && (id.drop || (bubblewrap && !root));
  if (limits.processes > 0 && !id.processes_enforced) {
    id.processes_note = root ? "processes not limited (the program is root on the host, which "
                               "RLIMIT_NPROC ignores)"
                             : "processes not limited (RLIMIT_NPROC would count every process "
                               "of grader's user)";
  }
  if (bubblewrap) {
    id.text = fmt::format("uid {} inside, {} on the host", kNobody,
                          id.drop ? std::string("a uid of its own")
                          : root  ? std::string("root")
                                  : fmt::format("uid {}", id.uid));
  } else {
    id.text =
        id.drop ? std::string("a uid of its own") : fmt::format("grader's own uid {}", id.uid);
  }
  return id;
}

// The protection in force, in words. The namespaces level depends on what its helpers
// managed (`reports`); the other levels are known before the start.
std::string protection_text(const Config& config, const Identity& id, const Limits& limits,
                            std::size_t read_only_count, std::size_t hidden_count,
                            const Reports& reports, Isolation& level) {
  std::string body;
  level = config.level;
  const int ns = reports.namespaces.value_or(0);
  if (config.level == Isolation::bubblewrap) {
    body = fmt::format(
        "bubblewrap ({}): own user ({}), pid, network, IPC, UTS and mount namespaces{}; "
        "visible: /usr, a few files of /etc, {} read-only path{} and the work folder, the "
        "only writable place with a private /tmp",
        config.bwrap, id.text, config.variant.disable_userns ? ", no nested user namespaces" : "",
        read_only_count, read_only_count == 1 ? "" : "s");
  } else if (config.level == Isolation::namespaces && ns != 0) {
    body =
        fmt::format("namespaces ({}): own {} namespace{}", config.why_not_stronger,
                    namespaces_text(ns), std::popcount(static_cast<unsigned>(ns)) > 1 ? "s" : "");
    if ((ns & CLONE_NEWNS) != 0) {
      const int failures = reports.mount_failures.value_or(-1);
      body += failures == 0  ? "; file system read-only except the work folder"
              : failures > 0 ? fmt::format(
                                   "; file system read-only except the work folder and {} "
                                   "mount{} that could not be remounted",
                                   failures, failures == 1 ? "" : "s")
                             : "; file system as on the host";
      body += reports.fresh_proc ? "; own /proc" : "; the host's /proc";
    } else {
      body += "; file system as on the host";
    }
    body +=
        fmt::format("; runs as {}; files that the host lets everyone read stay visible", id.text);
    if ((ns & CLONE_NEWNS) != 0 && hidden_count > 0) {
      body +=
          fmt::format(", except {} hidden folder{}", hidden_count, hidden_count == 1 ? "" : "s");
    }
  } else {
    level = Isolation::rlimits;
    body = fmt::format(
        "rlimits only ({}{}): own session and process group; runs as {}; the file system and "
        "the network as that uid sees them",
        config.why_not_stronger,
        config.level == Isolation::namespaces ? "; namespaces refused" : "", id.text);
  }
  return body + "; " + limits_text(limits, id.processes_note);
}

// What a run left to classify.
struct Collected {
  std::string out, err;
  enum class Stop { none, timeout, output_limit } stop = Stop::none;
  std::string stop_stream;  // "stdout" or "stderr" at output_limit
  int wait_status = 0;      // of the child C
  rusage usage{};           // of C and everything it (and its children) reaped
  Reports reports;
  double wall_seconds = 0;
};

// The run's pipes, each close-on-exec: the child's ends are moved to fixed numbers in the child.
struct Pipes {
  Pipe in, out, err, status;
  std::optional<Pipe> info, block;
};

// Starts the child, then feeds stdin, collects stdout and stderr, watches the clock and the
// child until it ends (or is killed), and reaps it.
Collected supervise(const Request& request, const Config& config, const Identity& id,
                    const RunCgroup* cgroup, ChildPlan plan, Pipes& pipes) {
  const Limits& limits = request.limits;
  const bool bubblewrap = config.level == Isolation::bubblewrap;
  Collected c;
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(limits.wall_seconds));
  const pid_t pid = ::fork();
  if (pid < 0) throw std::system_error(errno, std::system_category(), "fork");
  if (pid == 0) detail::child_main(plan);

  // The parent. Its copies of the child's ends go, so that EOF means "the sandbox closed".
  pipes.in.read.reset();
  pipes.out.write.reset();
  pipes.err.write.reset();
  pipes.status.write.reset();
  Fd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));

  // Everything the run started: its process group, and its uid when that is the run's own
  // and no pid namespace takes care of it. Called only while `pid` is not yet reaped, so
  // that its process group id cannot have been reused.
  const auto kill_everything = [&] {
    ::kill(-pid, SIGKILL);
    if (cgroup != nullptr) cgroup->kill_all();
    const bool pid_namespace =
        bubblewrap || (c.reports.namespaces && (*c.reports.namespaces & CLONE_NEWPID) != 0);
    if (id.drop && !pid_namespace) detail::kill_uid(id.uid);
  };

  // bubblewrap without root: the process limit is set on the sandbox's init, inside its user
  // namespace, where it counts this sandbox's processes only; then the sandbox may go on.
  if (bubblewrap) {
    pipes.info->write.reset();
    pipes.block->read.reset();
    const auto child = read_child_pid(pipes.info->read.get(), deadline);
    if (child && id.processes_enforced && !id.drop) {
      const auto n = static_cast<rlim_t>(limits.processes + kBubblewrapInit);
      const rlimit value{n, n};
      if (::prlimit(*child, RLIMIT_NPROC, &value, nullptr) != 0) {
        c.reports.nproc_errno = errno;
      }
    }
    retry_on_eintr([&] { return ::write(pipes.block->write.get(), "g", 1); });
    pipes.block->write.reset();
    pipes.info->read.reset();
  }

  Fd& in = pipes.in.write;
  Fd& out = pipes.out.read;
  Fd& err = pipes.err.read;
  Fd& status = pipes.status.read;
  for (const Fd* fd : {&in, &out, &err, &status}) set_nonblocking(fd->get());
  std::size_t stdin_written = 0;
  if (request.stdin_data.empty()) in.reset();
  std::string status_bytes;
  bool ended = false;  // the child has exited (not reaped yet)
  std::optional<Clock::time_point> drain_until;
  char buffer[65536];

  // Reads what is there; false once `sink` holds more than `limit` bytes (0: no limit).
  const auto read_into = [&](Fd& fd, std::string& sink, std::size_t limit) {
    for (;;) {
      const ssize_t n = retry_on_eintr([&] { return ::read(fd.get(), buffer, sizeof buffer); });
      if (n > 0) {
        sink.append(buffer, static_cast<std::size_t>(n));
        if (limit > 0 && sink.size() > limit) return false;
        continue;
      }
      if (n == 0) fd.reset();
      return true;  // EOF or EAGAIN
    }
  };

  while (out.open() || err.open() || status.open() || !ended) {
    const auto now = Clock::now();
    if (!ended && now >= deadline) {
      c.stop = Collected::Stop::timeout;
      break;
    }
    if (ended && !drain_until) drain_until = now + kDrainGrace;
    if (drain_until && now >= *drain_until) break;

    std::vector<pollfd> fds;
    if (in.open()) fds.push_back({in.get(), POLLOUT, 0});
    for (const Fd* fd : {&out, &err, &status}) {
      if (fd->open()) fds.push_back({fd->get(), POLLIN, 0});
    }
    if (!ended && pidfd.open()) fds.push_back({pidfd.get(), POLLIN, 0});
    long long wait = std::chrono::duration_cast<std::chrono::milliseconds>(
                         (drain_until ? *drain_until : deadline) - now)
                         .count() +
                     1;
    if (!ended && !pidfd.open()) wait = std::min(wait, 10LL);  // no pidfd: poll waitid
    const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(std::min(wait, 60000LL)));
    if (ready < 0 && errno != EINTR) break;

    if (in.open()) {
      const auto left = request.stdin_data.size() - stdin_written;
      const ssize_t n = ::write(in.get(), request.stdin_data.data() + stdin_written,
                                std::min<std::size_t>(left, 65536));
      if (n > 0) stdin_written += static_cast<std::size_t>(n);
      if ((n < 0 && errno != EAGAIN && errno != EINTR) ||
          stdin_written == request.stdin_data.size()) {
        in.reset();  // done, or the program closed its stdin (EPIPE)
      }
    }
    if (out.open() && !read_into(out, c.out, limits.output_bytes)) {
      c.stop = Collected::Stop::output_limit, c.stop_stream = "stdout";
      break;
    }
    if (err.open() && !read_into(err, c.err, limits.output_bytes)) {
      c.stop = Collected::Stop::output_limit, c.stop_stream = "stderr";
      break;
    }
    if (status.open()) {
      read_into(status, status_bytes, 0);
      parse_reports(status_bytes, c.reports);
    }
    if (!ended) {
      siginfo_t exit_info{};
      if (::waitid(P_PID, static_cast<id_t>(pid), &exit_info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
          exit_info.si_pid == pid) {
        ended = true;
        // The program is over: whatever it left running goes now (its outputs stay in the
        // pipes and are still read).
        kill_everything();
      }
    }
  }
  if (c.stop != Collected::Stop::none || !ended) {
    kill_everything();
    if (c.stop == Collected::Stop::none) c.stop = Collected::Stop::timeout;
  }
  in.reset();

  retry_on_eintr([&] { return ::wait4(pid, &c.wait_status, 0, &c.usage); });
  c.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (status.open()) read_into(status, status_bytes, 0);
  parse_reports(status_bytes, c.reports);
  if (limits.output_bytes > 0) {
    for (auto* data : {&c.out, &c.err}) {
      if (data->size() > limits.output_bytes) data->resize(limits.output_bytes);
    }
  }
  return c;
}

// Outcome, exit code or signal, and detail, from what the run left (its outputs, times and
// peak memory already in `result`).
void classify(const Collected& c, const Config& config, const Limits& limits,
              const RunCgroup* cgroup, const std::string& exec_path, Result& result) {
  const auto take_status = [&](int raw) {
    if (WIFEXITED(raw)) result.exit_code = WEXITSTATUS(raw);
    if (WIFSIGNALED(raw)) result.signal = WTERMSIG(raw);
  };
  if (c.reports.setup_errno) {
    result.outcome = Outcome::failed_to_start;
    result.detail =
        fmt::format("sandbox set-up failed ({}): {}", step_name(c.reports.setup_errno->second),
                    errno_text(c.reports.setup_errno->first));
    return;
  }
  if (c.reports.exec_errno) {
    result.outcome = Outcome::failed_to_start;
    result.detail =
        fmt::format("cannot execute {}: {}", exec_path, errno_text(*c.reports.exec_errno));
    return;
  }
  if (c.stop == Collected::Stop::output_limit) {
    result.outcome = Outcome::output_limit;
    result.detail = fmt::format("{} exceeded {}", c.stop_stream, bytes_text(limits.output_bytes));
    return;
  }
  if (c.stop == Collected::Stop::timeout) {
    result.outcome = Outcome::timeout;
    result.detail = "wall-clock limit of " + seconds_text(limits.wall_seconds);
    return;
  }
  // The program's status as its init (G) or, under bubblewrap, C relayed it; C's own when
  // the helpers were killed before they could.
  take_status(c.reports.program_status.value_or(c.wait_status));
  if (config.level == Isolation::bubblewrap) {
    if (result.exit_code > 128 && result.exit_code <= 128 + 64) {
      result.signal = result.exit_code - 128;  // bwrap's report of a signal
      result.exit_code = -1;
    }
    if (result.exit_code == 1 && result.stderr_data.rfind("bwrap: ", 0) == 0) {
      result.outcome = Outcome::failed_to_start;
      result.detail = first_line(result.stderr_data);
      return;
    }
  }

  // The kernel killed a process of the run for want of memory under the whole run's limit
  // (many processes, or tmpfs files, each under the per-process limit).
  if (cgroup != nullptr && cgroup->out_of_memory() &&
      !(result.signal == 0 && result.exit_code == 0)) {
    result.outcome = Outcome::memory_limit;
    result.detail = fmt::format("its processes together reached the whole run's {} of memory",
                                bytes_text(cgroup->memory_bytes()));
    return;
  }
  const double cpu_limit = std::max(1.0, std::ceil(limits.cpu_seconds));
  if (result.signal == SIGXCPU || (result.signal == SIGKILL && limits.cpu_seconds > 0 &&
                                   result.cpu_seconds >= cpu_limit - 0.05)) {
    result.outcome = Outcome::timeout;
    result.detail = "CPU-time limit of " + seconds_text(cpu_limit);
    return;
  }
  if (result.exit_code != 0 && limits.memory_bytes > 0) {
    for (const char* marker : {"std::bad_alloc", "MemoryError", "out of memory",
                               "Cannot allocate memory", "memory exhausted"}) {
      if (contains(result.stderr_data, marker)) {
        result.outcome = Outcome::memory_limit;
        result.detail = fmt::format("ran out of its {} of address space (stderr: \"{}\")",
                                    bytes_text(limits.memory_bytes), marker);
        return;
      }
    }
    const bool crashed = result.signal == SIGSEGV || result.signal == SIGBUS ||
                         result.signal == SIGABRT || result.signal == SIGKILL;
    if (crashed && static_cast<double>(result.peak_memory_bytes) >=
                       0.8 * static_cast<double>(limits.memory_bytes)) {
      result.outcome = Outcome::memory_limit;
      // Not the measured resident size: a report must not change from run to run.
      result.detail = fmt::format("{} near its {} of address space", signal_name(result.signal),
                                  bytes_text(limits.memory_bytes));
      return;
    }
  }
  result.outcome = result.signal != 0 ? Outcome::signaled : Outcome::exited;
}

Result execute(const Request& request, const Config& config) {
  const Limits& limits = request.limits;
  const bool bubblewrap = config.level == Isolation::bubblewrap;
  const fs::path work_dir = fs::canonical(request.work_dir);
  std::vector<fs::path> read_only;
  for (const auto& p : request.read_only) read_only.push_back(fs::canonical(p));
  // Hidden paths that exist and hold neither the work folder nor a read-only path. Under
  // bubblewrap only those inside what it shows need covering (/usr, the read-only paths);
  // at the namespaces level every one does.
  std::vector<HiddenPath> hidden;
  for (const auto& p : request.hidden) {
    std::error_code ec;
    const fs::path h = fs::canonical(p, ec);
    if (ec) continue;
    const auto status = fs::status(h, ec);
    if (ec || !(fs::is_directory(status) || fs::is_regular_file(status))) continue;
    const auto holds = [&](const fs::path& inner) { return is_within(inner, h); };
    if (holds(work_dir) || std::any_of(read_only.begin(), read_only.end(), holds)) continue;
    if (bubblewrap) {
      const bool shown =
          is_within(h, "/usr") || std::any_of(read_only.begin(), read_only.end(),
                                              [&](const fs::path& r) { return is_within(h, r); });
      if (!shown) continue;
    }
    hidden.push_back({h.string(), fs::is_directory(status)});
  }
  const auto env = environment(request, work_dir);
  const Identity id = identity_for(config, limits);
  // One memory and process limit for the whole run, where the machine allows (cgroup.hpp);
  // the sandbox's own processes (bwrap, its init, the helpers) get a little room of their own.
  std::unique_ptr<RunCgroup> cgroup;
  std::string whole_run;
  if (limits.memory_bytes > 0) {
    std::string why_not;
    cgroup =
        RunCgroup::create(limits.memory_bytes + kSandboxMemory,
                          limits.processes > 0 ? limits.processes + kSandboxProcesses : 0, why_not);
    whole_run = cgroup ? cgroup->text() : "no limit for the whole run (" + why_not + ")";
  }
  whole_run += std::string(whole_run.empty() ? "" : "; ") + work_folder_text(work_dir) + "; " +
               (detail::syscall_filter().empty()
                    ? std::string("no system-call filter on this architecture")
                    : std::string("refused system calls: ") + detail::refused_calls_text());

  Result result;
  const auto fail = [&](std::string detail) {
    result.outcome = Outcome::failed_to_start;
    result.detail = std::move(detail);
    result.protection = protection_text(config, id, limits, read_only.size(), hidden.size(),
                                        Reports{}, result.isolation) +
                        "; " + whole_run;
    return result;
  };
  if (id.drop) {
    // Handing the folder over is a recursive chown: never of a folder others share. (Passing
    // /tmp here once took /tmp, with every file in it, away from root on a whole machine.)
    struct stat st {};
    if (::stat(work_dir.c_str(), &st) != 0 || (st.st_mode & S_IWOTH) != 0 ||
        std::distance(work_dir.begin(), work_dir.end()) < 3) {
      throw SandboxError(
          fmt::format("work_dir {} is shared (writable by everyone, or a "
                      "top-level folder): give each run a private folder",
                      work_dir.string()));
    }
    if (auto error = give_work_dir(work_dir, id.uid, id.gid); !error.empty()) return fail(error);
  }

  // What the child runs: bwrap and its command line, or the program itself.
  std::vector<std::string> argv;
  std::string exec_path;
  std::vector<std::string> envp;
  if (bubblewrap) {
    argv = bwrap_command(config, request, work_dir, read_only, hidden, env);
    exec_path = config.bwrap;
  } else {
    const auto found = find_program(request.argv[0], env.at("PATH"), work_dir);
    if (!found) return fail(fmt::format("command not found: {}", request.argv[0]));
    exec_path = *found;
    argv = request.argv;
    for (const auto& [name, value] : env) envp.push_back(name + "=" + value);
  }
  const CStrings c_argv(std::move(argv));
  const CStrings c_envp(std::move(envp));
  // As root the process limit comes with the run's own uid (set before the exec; with
  // bubblewrap it also counts bwrap and its init); otherwise see supervise().
  const auto rlimits = resource_limits(limits, id.drop && id.processes_enforced,
                                       bubblewrap ? kBubblewrapProcesses : 0);
  const MountList mounts =
      config.level == Isolation::namespaces ? read_only_mounts(work_dir) : MountList{};

  auto in = make_pipe(), out = make_pipe(), err = make_pipe(), status = make_pipe();
  std::optional<Pipe> info, block;
  if (bubblewrap) info = make_pipe(), block = make_pipe();
  if (!in || !out || !err || !status || (bubblewrap && (!info || !block))) {
    return fail("cannot create pipes: " + errno_text(errno));
  }
  Pipes pipes{std::move(*in),     std::move(*out), std::move(*err),
              std::move(*status), std::move(info), std::move(block)};

  ChildPlan plan;
  plan.bubblewrap = bubblewrap;
  plan.path = exec_path.c_str();
  plan.argv = c_argv.get();
  plan.envp = c_envp.get();
  plan.stdin_fd = pipes.in.read.get();
  plan.stdout_fd = pipes.out.write.get();
  plan.stderr_fd = pipes.err.write.get();
  plan.status_fd = pipes.status.write.get();
  if (bubblewrap) {
    plan.info_fd = pipes.info->write.get();
    plan.block_fd = pipes.block->read.get();
  }
  const std::string work_dir_text = work_dir.string();
  plan.work_dir = work_dir_text.c_str();
  plan.limits = rlimits.data();
  plan.limit_count = rlimits.size();
  plan.drop_uid = id.drop;
  plan.uid = id.uid;
  plan.gid = id.gid;
  plan.unshare_flags = config.level == Isolation::namespaces
                           ? CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS
                           : 0;
  plan.mounts = mounts.points.data();
  plan.mount_count = mounts.points.size();
  std::vector<detail::HiddenMount> hidden_mounts;
  if (config.level == Isolation::namespaces) {
    for (const auto& h : hidden) hidden_mounts.push_back({h.path.c_str(), h.folder});
  }
  plan.hidden = hidden_mounts.data();
  plan.hidden_count = hidden_mounts.size();
  const auto& filter = detail::syscall_filter();
  const sock_fprog filter_program{static_cast<unsigned short>(filter.size()),
                                  const_cast<sock_filter*>(filter.data())};
  if (!filter.empty()) plan.filter = &filter_program;
  if (cgroup) {
    plan.cgroup_fds = cgroup->join_fds().data();
    plan.cgroup_count = cgroup->join_fds().size();
  }
  plan.parent_pid = ::getpid();
  rlimit files{};
  ::getrlimit(RLIMIT_NOFILE, &files);
  plan.max_fd = static_cast<int>(std::min<rlim_t>(files.rlim_cur, 1 << 20));

  Collected c;
  {
    SigpipeBlocked sigpipe_blocked;
    try {
      c = supervise(request, config, id, cgroup.get(), plan, pipes);
    } catch (const std::system_error& e) {
      return fail(e.what());
    }
  }
  Identity reported = id;
  if (c.reports.nproc_errno) {
    reported.processes_note =
        "processes not limited (prlimit: " + errno_text(*c.reports.nproc_errno) + ")";
  }
  result.protection = protection_text(config, reported, limits, read_only.size(), hidden.size(),
                                      c.reports, result.isolation) +
                      "; " + whole_run;
  result.stdout_data = std::move(c.out);
  result.stderr_data = std::move(c.err);
  result.wall_seconds = c.wall_seconds;
  result.cpu_seconds = seconds_of(c.usage.ru_utime) + seconds_of(c.usage.ru_stime);
  result.peak_memory_bytes = static_cast<std::size_t>(c.usage.ru_maxrss) * 1024;
  if (cgroup) result.run_peak_memory_bytes = cgroup->peak_bytes();
  classify(c, config, limits, cgroup.get(), exec_path, result);
  return result;
}

// ---------------------------------------------------------------------------------------------
// The probe.

struct Probe {
  std::string bwrap;  // empty: not found
  std::optional<BubblewrapVariant> variant;
  std::string why_no_bwrap;
  bool namespaces = false;
  std::string why_no_namespaces;
};

// $GRADER_BWRAP when set (empty or "none": no bubblewrap), else bwrap in grader's PATH.
std::string find_bwrap() {
  if (const char* forced = std::getenv("GRADER_BWRAP")) {
    return std::string(forced) == "none" ? std::string() : std::string(forced);
  }
  std::string dirs = "/usr/bin:/bin";
  if (const char* path = std::getenv("PATH")) dirs = std::string(path) + ":" + dirs;
  std::istringstream in(dirs);
  for (std::string dir; std::getline(in, dir, ':');) {
    if (dir.empty() || dir[0] != '/') continue;
    const auto candidate = dir + "/bwrap";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return {};
}

Probe run_probe() {
  Probe probe;
  static std::atomic<int> counter{0};
  const fs::path dir =
      fs::temp_directory_path() / fmt::format("grader-sandbox-probe-{}-{}", ::getpid(), counter++);
  std::error_code ec;
  fs::create_directories(dir, ec);
  Request request;
  request.argv = {"true"};
  request.work_dir = dir;
  request.limits.wall_seconds = 20;

  probe.bwrap = find_bwrap();
  if (probe.bwrap.empty()) {
    probe.why_no_bwrap =
        std::getenv("GRADER_BWRAP") ? "bubblewrap disabled by GRADER_BWRAP" : "bwrap not found";
  } else {
    std::vector<BubblewrapVariant> variants = {{is_root(), true}, {is_root(), false}};
    if (is_root()) variants.insert(variants.end(), {{false, true}, {false, false}});
    for (const auto& variant : variants) {
      const Config config{Isolation::bubblewrap, probe.bwrap, variant, {}};
      const Result r = execute(request, config);
      if (r.outcome == Outcome::exited && r.exit_code == 0) {
        probe.variant = variant;
        break;
      }
      if (probe.why_no_bwrap.empty()) {
        probe.why_no_bwrap =
            "bwrap failed: " + (r.stderr_data.empty() ? r.detail : first_line(r.stderr_data));
      }
    }
    if (probe.variant) probe.why_no_bwrap.clear();
  }
  const Config config{Isolation::namespaces, {}, {}, "probe"};
  const Result r = execute(request, config);
  probe.namespaces =
      r.isolation == Isolation::namespaces && r.outcome == Outcome::exited && r.exit_code == 0;
  if (!probe.namespaces) {
    probe.why_no_namespaces = is_root() ? "namespaces refused" : "namespaces need root";
  }
  fs::remove_all(dir, ec);
  return probe;
}

const Probe& probe() {
  static const Probe probe = run_probe();  // thread-safe initialisation
  return probe;
}

Config choose(Isolation strongest) {
  const Probe& p = probe();
  Config config;
  const std::string no_bwrap =
      strongest < Isolation::bubblewrap ? "bubblewrap not requested" : p.why_no_bwrap;
  if (strongest >= Isolation::bubblewrap && p.variant) {
    config.level = Isolation::bubblewrap;
    config.bwrap = p.bwrap;
    config.variant = *p.variant;
  } else if (strongest >= Isolation::namespaces && p.namespaces) {
    config.level = Isolation::namespaces;
    config.why_not_stronger = no_bwrap;
  } else {
    config.level = Isolation::rlimits;
    config.why_not_stronger = strongest >= Isolation::namespaces
                                  ? no_bwrap + "; " + p.why_no_namespaces
                                  : "bubblewrap and namespaces not requested";
  }
  return config;
}

void validate(const Request& request) {
  if (request.argv.empty() || request.argv[0].empty()) throw SandboxError("empty command");
  const auto no_nul = [](const std::string& s, const char* what) {
    if (s.find('\0') != std::string::npos) {
      throw SandboxError(fmt::format("{} contains a NUL byte", what));
    }
  };
  for (const auto& arg : request.argv) no_nul(arg, "an argument");
  for (const auto& [name, value] : request.env) {
    if (name.empty() || name.find('=') != std::string::npos) {
      throw SandboxError(fmt::format("bad environment variable name '{}'", name));
    }
    no_nul(name, "an environment variable");
    no_nul(value, "an environment variable");
  }
  if (!request.work_dir.is_absolute() || !fs::is_directory(request.work_dir)) {
    throw SandboxError(fmt::format("the work folder '{}' is not an existing absolute folder",
                                   request.work_dir.string()));
  }
  for (const auto& p : request.read_only) {
    if (!p.is_absolute() || !fs::exists(p)) {
      throw SandboxError(
          fmt::format("the read-only path '{}' is not an existing absolute path", p.string()));
    }
  }
  if (!(request.limits.wall_seconds > 0)) throw SandboxError("the wall-clock limit must be > 0");
}

}  // namespace

std::string_view isolation_name(Isolation isolation) {
  switch (isolation) {
    case Isolation::rlimits:
      return "rlimits";
    case Isolation::namespaces:
      return "namespaces";
    case Isolation::bubblewrap:
      return "bubblewrap";
  }
  return "?";
}

std::string_view outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::exited:
      return "exited";
    case Outcome::signaled:
      return "signaled";
    case Outcome::timeout:
      return "timeout";
    case Outcome::memory_limit:
      return "memory_limit";
    case Outcome::output_limit:
      return "output_limit";
    case Outcome::failed_to_start:
      return "failed_to_start";
  }
  return "?";
}

std::string signal_name(int signal) {
  switch (signal) {
    case SIGSEGV:
      return "SIGSEGV (segmentation fault)";
    case SIGABRT:
      return "SIGABRT (abort)";
    case SIGFPE:
      return "SIGFPE (arithmetic error)";
    case SIGKILL:
      return "SIGKILL (killed)";
    case SIGBUS:
      return "SIGBUS (bus error)";
    case SIGILL:
      return "SIGILL (illegal instruction)";
    case SIGTRAP:
      return "SIGTRAP (trace trap)";
    case SIGSYS:
      return "SIGSYS (bad system call)";
    case SIGXCPU:
      return "SIGXCPU (CPU time limit exceeded)";
    case SIGXFSZ:
      return "SIGXFSZ (file size limit exceeded)";
    case SIGPIPE:
      return "SIGPIPE (broken pipe)";
    case SIGTERM:
      return "SIGTERM (terminated)";
    case SIGINT:
      return "SIGINT (interrupt)";
    case SIGHUP:
      return "SIGHUP (hangup)";
    case SIGQUIT:
      return "SIGQUIT (quit)";
    case SIGALRM:
      return "SIGALRM (alarm clock)";
    case SIGUSR1:
      return "SIGUSR1 (user signal 1)";
    case SIGUSR2:
      return "SIGUSR2 (user signal 2)";
    default:
      break;
  }
  if (const char* abbrev = ::sigabbrev_np(signal)) return fmt::format("SIG{}", abbrev);
  return fmt::format("signal {}", signal);
}

Result run(const Request& request) {
  validate(request);
  try {
    return execute(request, choose(request.strongest));
  } catch (const std::system_error& e) {
    // A folder removed meanwhile (std::filesystem::filesystem_error), a system call refused:
    // the program did not start. SandboxError (the caller's bug) and std::bad_alloc go on.
    Result r;
    r.outcome = Outcome::failed_to_start;
    r.detail = e.what();
    return r;
  }
}

std::string describe_protection(Isolation strongest) {
  const Config config = choose(strongest);
  switch (config.level) {
    case Isolation::bubblewrap:
      return fmt::format(
          "bubblewrap ({}): own user ({}), pid, network, IPC, UTS and mount namespaces; "
          "visible: /usr, a few files of /etc, the read-only paths and the work folder, the "
          "only writable place with a private /tmp; resource limits",
          config.bwrap,
          config.variant.drop_uid ? "uid 65534 inside, a uid of its own on the host"
          : is_root()             ? "uid 65534 inside, root on the host: no process limit"
                                  : fmt::format("uid 65534 inside, {} on the host", ::getuid()));
    case Isolation::namespaces:
      return fmt::format(
          "namespaces ({}): own pid, network, mount, IPC and UTS namespaces; file system "
          "read-only except the work folder; {}; resource limits",
          config.why_not_stronger, is_root() ? "a uid of its own" : "grader's own uid");
    case Isolation::rlimits:
      break;
  }
  return fmt::format("rlimits only ({}): own session; {}; resource limits{}",
                     config.why_not_stronger, is_root() ? "a uid of its own" : "grader's own uid",
                     is_root() ? "" : " (no process limit)");
}

Isolation available_isolation(Isolation strongest) {
  return choose(strongest).level;
}

}  // namespace grader::sandbox
