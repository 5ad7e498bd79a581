#include "setup.hpp"

#include <fmt/format.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>
#include <utility>

namespace grader::sandbox::detail {
namespace {

namespace fs = std::filesystem;

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

std::map<std::string, std::string> environment(const Request& request, const fs::path& work_dir) {
  auto env = request.env;
  env.try_emplace("PATH", "/usr/local/bin:/usr/bin:/bin");
  env.try_emplace("HOME", work_dir.string());
  env.try_emplace("TMPDIR", work_dir.string());
  env.try_emplace("LANG", "C.UTF-8");
  return env;
}

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

// bwrap's options up to the paths of the host it shows: namespaces, the program's uid, a new
// root holding /usr (and the merged-/usr symbolic links), what of /etc programs need, /proc,
// /dev, a private /tmp and /dev/shm.
std::vector<std::string> bwrap_options(const Config& config, const Limits& limits) {
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
    if (limits.file_bytes > 0) {
      a.insert(a.end(), {"--size", std::to_string(limits.file_bytes)});
    }
    a.insert(a.end(), {"--tmpfs", tmp});
  }
  return a;
}

// bwrap's command line: bwrap_options(), then the read-only paths and the work folder, each at
// its host path.
std::vector<std::string> bwrap_command(const Config& config, const Request& request,
                                       const fs::path& work_dir,
                                       const std::vector<fs::path>& read_only,
                                       const std::vector<HiddenPath>& hidden,
                                       const std::map<std::string, std::string>& env) {
  std::vector<std::string> a = bwrap_options(config, request.limits);
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

}  // namespace

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

std::string hand_over_work_dir(const fs::path& work_dir, const Identity& id) {
  if (!id.drop) return {};
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
  return give_work_dir(work_dir, id.uid, id.gid);
}

std::vector<HiddenPath> hidden_paths(const std::vector<fs::path>& requested,
                                     const fs::path& work_dir,
                                     const std::vector<fs::path>& read_only, bool bubblewrap) {
  std::vector<HiddenPath> hidden;
  for (const auto& p : requested) {
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
  return hidden;
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

std::optional<Command> command_for(const Config& config, const Request& request,
                                   const fs::path& work_dir, const std::vector<fs::path>& read_only,
                                   const std::vector<HiddenPath>& hidden) {
  const auto env = environment(request, work_dir);
  Command command;
  if (config.level == Isolation::bubblewrap) {
    command.argv = bwrap_command(config, request, work_dir, read_only, hidden, env);
    command.path = config.bwrap;
    return command;
  }
  const auto found = find_program(request.argv[0], env.at("PATH"), work_dir);
  if (!found) return std::nullopt;
  command.path = *found;
  command.argv = request.argv;
  for (const auto& [name, value] : env) command.envp.push_back(name + "=" + value);
  return command;
}

}  // namespace grader::sandbox::detail
