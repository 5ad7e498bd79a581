#include "execute.hpp"

#include <fmt/format.h>
#include <linux/filter.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "limits.hpp"
#include "seccomp.hpp"
#include "setup.hpp"
#include "supervise.hpp"

namespace grader::sandbox::detail {
namespace {

namespace fs = std::filesystem;

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

// Everything the child needs, prepared before the fork (after it, nothing may be allocated:
// child.hpp), and the ChildPlan of plain pointers into it.
class PreparedChild {
 public:
  PreparedChild(const Config& config, const Command& command, const fs::path& work_dir,
                const Identity& id, const Limits& limits, const std::vector<HiddenPath>& hidden,
                const RunCgroup* cgroup, const Pipes& pipes);
  PreparedChild(const PreparedChild&) = delete;
  PreparedChild& operator=(const PreparedChild&) = delete;
  const ChildPlan& plan() const { return plan_; }

 private:
  const std::string path_;
  const CStrings argv_;
  const CStrings envp_;
  const std::string work_dir_;
  std::vector<ResourceLimit> rlimits_;
  MountList mounts_;
  std::vector<HiddenMount> hidden_;
  sock_fprog filter_{};
  ChildPlan plan_;
};

PreparedChild::PreparedChild(const Config& config, const Command& command, const fs::path& work_dir,
                             const Identity& id, const Limits& limits,
                             const std::vector<HiddenPath>& hidden, const RunCgroup* cgroup,
                             const Pipes& pipes)
    : path_(command.path), argv_(command.argv), envp_(command.envp), work_dir_(work_dir.string()) {
  const bool bubblewrap = config.level == Isolation::bubblewrap;
  const bool namespaces = config.level == Isolation::namespaces;
  // As root the process limit comes with the run's own uid (set before the exec; with
  // bubblewrap it also counts bwrap and its init); otherwise see supervise().
  rlimits_ = resource_limits(limits, id.drop && id.processes_enforced,
                             bubblewrap ? kBubblewrapProcesses : 0);
  if (namespaces) {
    mounts_ = read_only_mounts(work_dir);
    for (const auto& h : hidden) hidden_.push_back({h.path.c_str(), h.folder});
  }
  plan_.bubblewrap = bubblewrap;
  plan_.path = path_.c_str();
  plan_.argv = argv_.get();
  plan_.envp = envp_.get();
  plan_.stdin_fd = pipes.in.read.get();
  plan_.stdout_fd = pipes.out.write.get();
  plan_.stderr_fd = pipes.err.write.get();
  plan_.status_fd = pipes.status.write.get();
  if (bubblewrap) {
    plan_.info_fd = pipes.info->write.get();
    plan_.block_fd = pipes.block->read.get();
  }
  plan_.work_dir = work_dir_.c_str();
  plan_.limits = rlimits_.data();
  plan_.limit_count = rlimits_.size();
  plan_.drop_uid = id.drop;
  plan_.uid = id.uid;
  plan_.gid = id.gid;
  plan_.unshare_flags =
      namespaces ? CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS : 0;
  plan_.mounts = mounts_.points.data();
  plan_.mount_count = mounts_.points.size();
  plan_.hidden = hidden_.data();
  plan_.hidden_count = hidden_.size();
  const auto& filter = syscall_filter();
  filter_ = {static_cast<unsigned short>(filter.size()), const_cast<sock_filter*>(filter.data())};
  if (!filter.empty()) plan_.filter = &filter_;
  if (cgroup != nullptr) {
    plan_.cgroup_fds = cgroup->join_fds().data();
    plan_.cgroup_count = cgroup->join_fds().size();
  }
  plan_.parent_pid = ::getpid();
  rlimit files{};
  ::getrlimit(RLIMIT_NOFILE, &files);
  plan_.max_fd = static_cast<int>(std::min<rlim_t>(files.rlim_cur, 1 << 20));
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

double seconds_of(const timeval& t) {
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
}

}  // namespace

Result execute(const Request& request, const Config& config) {
  const Limits& limits = request.limits;
  const bool bubblewrap = config.level == Isolation::bubblewrap;
  const fs::path work_dir = fs::canonical(request.work_dir);
  std::vector<fs::path> read_only;
  for (const auto& p : request.read_only) read_only.push_back(fs::canonical(p));
  const std::vector<HiddenPath> hidden =
      hidden_paths(request.hidden, work_dir, read_only, bubblewrap);
  const Identity id = identity_for(config, limits);
  const WholeRun whole = whole_run(limits, work_dir);

  Result result;
  const auto fail = [&](std::string detail) {
    result.outcome = Outcome::failed_to_start;
    result.detail = std::move(detail);
    result.protection = protection_text(config, id, limits, read_only.size(), hidden.size(),
                                        Reports{}, result.isolation) +
                        "; " + whole.text;
    return result;
  };
  if (auto error = hand_over_work_dir(work_dir, id); !error.empty()) return fail(error);
  const auto command = command_for(config, request, work_dir, read_only, hidden);
  if (!command) return fail(fmt::format("command not found: {}", request.argv[0]));
  auto pipes = make_pipes(bubblewrap);
  if (!pipes) return fail("cannot create pipes: " + errno_text(errno));
  const PreparedChild child(config, *command, work_dir, id, limits, hidden, whole.cgroup.get(),
                            *pipes);

  Collected c;
  try {
    c = supervise(request, config, id, whole.cgroup.get(), child.plan(), *pipes);
  } catch (const std::system_error& e) {
    return fail(e.what());
  }
  Identity reported = id;
  if (c.reports.nproc_errno) {
    reported.processes_note =
        "processes not limited (prlimit: " + errno_text(*c.reports.nproc_errno) + ")";
  }
  result.protection = protection_text(config, reported, limits, read_only.size(), hidden.size(),
                                      c.reports, result.isolation) +
                      "; " + whole.text;
  result.stdout_data = std::move(c.out);
  result.stderr_data = std::move(c.err);
  result.wall_seconds = c.wall_seconds;
  result.cpu_seconds = seconds_of(c.usage.ru_utime) + seconds_of(c.usage.ru_stime);
  result.peak_memory_bytes = static_cast<std::size_t>(c.usage.ru_maxrss) * 1024;
  if (whole.cgroup) result.run_peak_memory_bytes = whole.cgroup->peak_bytes();
  classify(c, config, limits, whole.cgroup.get(), command->path, result);
  return result;
}

}  // namespace grader::sandbox::detail
