#pragma once
// The part of a sandboxed run that executes in forked children, between fork() and execve().
// grader is multithreaded, so after fork only async-signal-safe calls are allowed: no
// allocation, no locks, no C++ library. Everything is therefore prepared by the parent in a
// ChildPlan of plain arrays, and the children report back through a pipe of fixed-size
// StatusRecords.

#include <linux/filter.h>
#include <sys/resource.h>
#include <sys/types.h>

#include <cstddef>

namespace grader::sandbox::detail {

// What the helper processes write to the status pipe (fd 3 in the children, close-on-exec).
enum StatusTag : int {
  kNamespaces = 1,     // value: the CLONE_NEW* flags unshare() achieved
  kMounts = 2,         // value: mounts that could not be made read-only; extra: 1 if /proc fresh
  kProgramStatus = 3,  // value: the program's wait status (namespaces and rlimits levels)
  kExecErrno = 4,      // value: errno of the failed execve
  kSetupErrno = 5,     // value: errno; extra: the SetupStep that failed
};

enum SetupStep : int {
  kStepFds = 1,
  kStepRlimit,
  kStepUid,
  kStepChdir,
  kStepFork,
  kStepMountWorkDir,
  kStepCgroup,
  kStepSeccomp,
};

struct StatusRecord {
  int tag;
  int value;
  int extra;
};

// A mount point to remount read-only, with the flags (MS_NOSUID, ...) it keeps.
struct MountPoint {
  const char* path;
  unsigned long flags;
};

// A path to hide: a folder (an empty read-only tmpfs over it) or a file (/dev/null over it).
struct HiddenMount {
  const char* path;
  bool folder;
};

struct ResourceLimit {
  int resource;  // RLIMIT_*
  rlimit value;
};

struct ChildPlan {
  // bubblewrap: the child (C) forks bwrap (B), which sets up the namespaces, and reaps what
  // is left of it. Otherwise a chain: C unshares namespaces, forks an init (G, pid 1 of the
  // new pid namespace when there is one) that prepares mounts and forks the program (P).
  bool bubblewrap = false;
  const char* path = nullptr;                         // absolute path given to execve
  char* const* argv = nullptr;                        // null-terminated
  char* const* envp = nullptr;                        // null-terminated
  int stdin_fd = -1, stdout_fd = -1, stderr_fd = -1;  // become 0, 1, 2
  int status_fd = -1;                                 // becomes 3 (close-on-exec)
  int info_fd = -1, block_fd = -1;  // both or neither: bwrap --info-fd 4 --block-fd 5
  const char* work_dir = nullptr;   // chdir here (chain only; bwrap has --chdir)
  const ResourceLimit* limits = nullptr;
  std::size_t limit_count = 0;
  bool drop_uid = false;  // set (real, effective, saved) uid and gid, and no supplementary groups
  uid_t uid = 0;
  gid_t gid = 0;
  int unshare_flags = 0;               // chain: CLONE_NEW* to try, each on its own
  const MountPoint* mounts = nullptr;  // chain with a mount namespace: made read-only
  std::size_t mount_count = 0;
  const HiddenMount* hidden = nullptr;  // chain with a mount namespace: covered
  std::size_t hidden_count = 0;
  // cgroup.procs files of the run's control groups (close-on-exec): C writes "0" to each
  // before anything else, so that everything of the run is born inside.
  const int* cgroup_fds = nullptr;
  std::size_t cgroup_count = 0;
  // The system-call filter installed (with no_new_privs) just before execve: of bwrap (and so
  // of everything in its sandbox), or of the program. Null: none.
  const sock_fprog* filter = nullptr;
  pid_t parent_pid = 0;  // to notice that the parent died before PR_SET_PDEATHSIG took effect
  int max_fd = 1024;     // close() up to here when close_range() is missing
};

// Runs in the child of fork(); never returns.
[[noreturn]] void child_main(const ChildPlan& plan) noexcept;

// Sends SIGKILL to every process whose real uid is `uid` (a helper process takes that uid and
// calls kill(-1)). For a uid that only sandboxed programs use.
void kill_uid(uid_t uid);

}  // namespace grader::sandbox::detail
