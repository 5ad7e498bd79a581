#pragma once
// The limits of a run: the resource limits each of its processes gets (setrlimit, in the
// child), the memory and process limit of the whole run (its control group, cgroup.hpp), and
// the words a Result uses for them.

#include <sys/resource.h>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cgroup.hpp"
#include "child.hpp"
#include "grader/sandbox/sandbox.hpp"

namespace grader::sandbox::detail {

// The resource limits of the program's processes: CPU time, address space, file size, no core
// files, and (with_processes) the process count plus `extra_processes` of the sandbox's own.
std::vector<ResourceLimit> resource_limits(const Limits& limits, bool with_processes,
                                           int extra_processes);

// One memory and process limit for the whole run, where the machine allows, and in words what
// bounds the run as a whole: that limit (or why there is none), the work folder's quota, the
// system-call filter.
struct WholeRun {
  std::unique_ptr<RunCgroup> cgroup;  // null: no control group
  std::string text;
};

WholeRun whole_run(const Limits& limits, const std::filesystem::path& work_dir);

// "1 MiB", "16 KiB", "100 bytes"; "2.5 s".
std::string bytes_text(std::size_t bytes);
std::string seconds_text(double seconds);

// "limits: wall 10 s, CPU 5 s per process, ..."; `processes_note` replaces "N processes" when
// the process limit does not hold.
std::string limits_text(const Limits& limits, const std::string& processes_note);

}  // namespace grader::sandbox::detail
