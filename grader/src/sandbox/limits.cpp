#include "limits.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "grader/sandbox/work_folder.hpp"
#include "seccomp.hpp"

namespace grader::sandbox::detail {
namespace {

// Room in the whole run's control group for the sandbox's own processes (the child that
// starts the run, bwrap, its init, or the namespaces level's init): memory and tasks.
constexpr std::size_t kSandboxMemory = std::size_t{64} << 20;
constexpr int kSandboxProcesses = 4;

}  // namespace

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

WholeRun whole_run(const Limits& limits, const std::filesystem::path& work_dir) {
  // One memory and process limit for the whole run, where the machine allows (cgroup.hpp);
  // the sandbox's own processes (bwrap, its init, the helpers) get a little room of their own.
  WholeRun run;
  if (limits.memory_bytes > 0) {
    std::string why_not;
    run.cgroup =
        RunCgroup::create(limits.memory_bytes + kSandboxMemory,
                          limits.processes > 0 ? limits.processes + kSandboxProcesses : 0, why_not);
    run.text = run.cgroup ? run.cgroup->text() : "no limit for the whole run (" + why_not + ")";
  }
  run.text +=
      std::string(run.text.empty() ? "" : "; ") + work_folder_text(work_dir) + "; " +
      (syscall_filter().empty() ? std::string("no system-call filter on this architecture")
                                : std::string("refused system calls: ") + refused_calls_text());
  return run;
}

std::string bytes_text(std::size_t bytes) {
  constexpr std::size_t kKiB = 1024, kMiB = kKiB * 1024;
  if (bytes >= kMiB && bytes % kMiB == 0) return fmt::format("{} MiB", bytes / kMiB);
  if (bytes >= kKiB && bytes % kKiB == 0) return fmt::format("{} KiB", bytes / kKiB);
  return fmt::format("{} bytes", bytes);
}

std::string seconds_text(double seconds) {
  return fmt::format("{:g} s", seconds);
}

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

}  // namespace grader::sandbox::detail
