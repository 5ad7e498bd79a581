#pragma once
// A control group per run: one memory limit and one process limit for everything the run
// starts together (its processes, and the pages of every tmpfs file they write), where
// per-process resource limits only bound each process alone. cgroup v2 (memory.max,
// memory.swap.max, pids.max, cgroup.kill) or v1 (memory.limit_in_bytes and
// memory.memsw.limit_in_bytes, pids.max), whichever this machine lets grader write to;
// RunCgroup::create says why not when neither.
//
// The child joins the run's groups by writing "0" to their cgroup.procs files, which the
// parent opened beforehand (join_fds), before it starts anything; everything it starts is
// born inside.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace grader::sandbox::detail {

class RunCgroup {
 public:
  // Groups limiting the run to `memory_bytes` of memory (no swap) and `processes` tasks;
  // null, with `why_not` set, where this machine allows no such groups.
  static std::unique_ptr<RunCgroup> create(std::size_t memory_bytes, int processes,
                                           std::string& why_not);
  ~RunCgroup();  // kills whatever is left inside, then removes the groups
  RunCgroup(const RunCgroup&) = delete;
  RunCgroup& operator=(const RunCgroup&) = delete;

  // Open cgroup.procs files (close-on-exec) the child writes "0" to.
  const std::vector<int>& join_fds() const { return join_fds_; }
  // SIGKILL to every process inside, until none is left (or a second has passed).
  void kill_all() const;
  // The most memory the run used at once (0 where the kernel does not say).
  std::size_t peak_bytes() const;
  // The kernel killed a process of the run for want of memory under the limit.
  bool out_of_memory() const;
  // "cgroup v1: 512 MiB of memory and 16 processes for the whole run"
  std::string text() const;
  std::size_t memory_bytes() const { return memory_bytes_; }

 private:
  RunCgroup() = default;
  // Make the run's groups below grader's own with their limits (v1: memory and pids; v2: one
  // group), then open their cgroup.procs files; each says why it cannot, empty when it can.
  std::string create_v1(const std::string& memory_own, const std::string& pids_own,
                        const std::string& name);
  std::string create_v2(const std::string& name);
  std::string open_join_fds();
  // Creates the group `dir` (removed by the destructor from then on).
  std::string make_group(const std::filesystem::path& dir);
  // Writes the limits: memory, swap (`swap_value`, where the kernel accounts swap), tasks.
  std::string write_limits(const std::filesystem::path& memory_max,
                           const std::filesystem::path& swap_max, const std::string& swap_value,
                           const std::filesystem::path& pids_max) const;

  int version_ = 0;
  std::vector<std::filesystem::path> dirs_;  // v2: one; v1: memory, pids
  std::vector<int> join_fds_;
  std::size_t memory_bytes_ = 0;
  int processes_ = 0;
};

}  // namespace grader::sandbox::detail
