// Code that runs after fork(): async-signal-safe system calls only (see child.hpp).

#include "child.hpp"

#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <initializer_list>

#include "grader/core/posix.hpp"

namespace grader::sandbox::detail {
namespace {

constexpr int kStatusFd = 3;
constexpr int kInfoFd = 4;
constexpr int kBlockFd = 5;
constexpr int kFirstFreeFd = 6;
// The exit status of a helper whose set-up failed (the reason went to the status pipe).
constexpr int kSetupFailedExit = 127;

void write_record(int tag, int value, int extra = 0) noexcept {
  const StatusRecord record{tag, value, extra};
  // A record is smaller than PIPE_BUF: written whole or not at all.
  retry_on_eintr([&] { return ::write(kStatusFd, &record, sizeof record); });
}

[[noreturn]] void fail(SetupStep step) noexcept {
  write_record(kSetupErrno, errno, step);
  ::_exit(kSetupFailedExit);
}

void reset_signals() noexcept {
  // Handlers are reset by execve but ignored signals stay ignored, and the mask is inherited:
  // the program starts with every signal at its default and none blocked.
  struct sigaction action {};
  action.sa_handler = SIG_DFL;
  sigemptyset(&action.sa_mask);
  for (int sig = 1; sig < NSIG; ++sig) ::sigaction(sig, &action, nullptr);  // some fail: fine
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
}

// Moves `fd` to `target` (not close-on-exec). `fd` must not be one of the targets already
// filled: place_fds first copies every source above all targets.
void move_fd(int fd, int target) noexcept {
  if (fd < 0) return;
  if (::dup2(fd, target) < 0) ::_exit(kSetupFailedExit);  // no status pipe yet
}

void place_fds(const ChildPlan& plan) noexcept {
  int sources[6] = {plan.stdin_fd,  plan.stdout_fd, plan.stderr_fd,
                    plan.status_fd, plan.info_fd,   plan.block_fd};
  for (int& fd : sources) {
    if (fd < 0) continue;
    fd = ::fcntl(fd, F_DUPFD_CLOEXEC, kFirstFreeFd);
    if (fd < 0) ::_exit(kSetupFailedExit);
  }
  move_fd(sources[0], 0);
  move_fd(sources[1], 1);
  move_fd(sources[2], 2);
  move_fd(sources[3], kStatusFd);
  ::fcntl(kStatusFd, F_SETFD, FD_CLOEXEC);
  move_fd(sources[4], kInfoFd);
  move_fd(sources[5], kBlockFd);
  // Every other descriptor of grader is closed (4 and 5 too when unused: they may be this
  // run's own stdin pipe, which the helpers must not keep open), so that no sandbox holds a
  // pipe open that grader waits on.
  const int first_unused = plan.info_fd >= 0 ? kFirstFreeFd : kInfoFd;
  if (::syscall(SYS_close_range, first_unused, ~0U, 0) != 0) {
    for (int fd = first_unused; fd <= plan.max_fd; ++fd) ::close(fd);
  }
}

// Dies with the parent (SIGKILL) from now on; exits at once if the parent is already gone.
void die_with_parent(pid_t parent) noexcept {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  if (parent != 0 && ::getppid() != parent) ::_exit(kSetupFailedExit);
}

void apply_limits(const ChildPlan& plan) noexcept {
  for (std::size_t i = 0; i < plan.limit_count; ++i) {
    if (::setrlimit(plan.limits[i].resource, &plan.limits[i].value) != 0) fail(kStepRlimit);
  }
}

// The raw system calls: glibc's wrappers would try to change the uid of every thread, and
// after fork there is only this one.
void drop_uid(const ChildPlan& plan) noexcept {
  if (!plan.drop_uid) return;
  if (::syscall(SYS_setgroups, 0, nullptr) != 0) fail(kStepUid);
  if (::syscall(SYS_setresgid, plan.gid, plan.gid, plan.gid) != 0) fail(kStepUid);
  if (::syscall(SYS_setresuid, plan.uid, plan.uid, plan.uid) != 0) fail(kStepUid);
}

// No setuid program (su, mount, ...) can give back the privileges about to be lost, and the
// system-call filter (seccomp.hpp) holds from the execve on, for everything started after.
void restrict_calls(const ChildPlan& plan) noexcept {
  ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  if (plan.filter != nullptr &&
      ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, plan.filter, 0, 0) != 0) {
    fail(kStepSeccomp);
  }
}

[[noreturn]] void exec_or_report(const ChildPlan& plan) noexcept {
  ::execve(plan.path, plan.argv, plan.envp);
  write_record(kExecErrno, errno);
  ::_exit(kSetupFailedExit);
}

// P: the program itself.
[[noreturn]] void program_main(const ChildPlan& plan) noexcept {
  if (::chdir(plan.work_dir) != 0) fail(kStepChdir);
  apply_limits(plan);
  drop_uid(plan);
  restrict_calls(plan);
  exec_or_report(plan);
}

// G: pid 1 of the new pid namespace when there is one. Makes the file system read-only except
// the work folder, starts the program, reaps every orphan, and reports the program's status.
// When it exits the kernel kills whatever is left in its pid namespace.
[[noreturn]] void init_main(const ChildPlan& plan, int namespaces) noexcept {
  die_with_parent(0);  // in a new pid namespace getppid() is 0: nothing to compare with
  if ((namespaces & CLONE_NEWNS) != 0) {
    int failures = 0;
    // Nothing done here propagates back to the host's mounts.
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) ++failures;
    // The work folder becomes a mount of its own, untouched by the read-only remounts.
    if (::mount(plan.work_dir, plan.work_dir, nullptr, MS_BIND | MS_REC, nullptr) != 0) {
      fail(kStepMountWorkDir);
    }
    for (std::size_t i = 0; i < plan.mount_count; ++i) {
      const unsigned long flags = MS_REMOUNT | MS_BIND | MS_RDONLY | plan.mounts[i].flags;
      if (::mount(nullptr, plan.mounts[i].path, nullptr, flags, nullptr) != 0) ++failures;
    }
    for (std::size_t i = 0; i < plan.hidden_count; ++i) {
      const HiddenMount& h = plan.hidden[i];
      const int made =
          h.folder ? ::mount("tmpfs", h.path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                             "size=4k,mode=0555")
                   : ::mount("/dev/null", h.path, nullptr, MS_BIND, nullptr);
      if (made != 0) ++failures;
    }
    int fresh_proc = 0;
    if ((namespaces & CLONE_NEWPID) != 0 &&
        ::mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) == 0) {
      fresh_proc = 1;
    }
    write_record(kMounts, failures, fresh_proc);
  }
  if ((namespaces & CLONE_NEWUTS) != 0) ::sethostname("sandbox", 7);

  const pid_t program = ::fork();
  if (program < 0) fail(kStepFork);
  if (program == 0) program_main(plan);
  int status = 0;
  for (;;) {
    int reaped_status = 0;
    const pid_t pid = retry_on_eintr([&] { return ::waitpid(-1, &reaped_status, 0); });
    if (pid < 0) break;  // cannot happen: the program is our child
    if (pid == program) {
      status = reaped_status;
      break;
    }
  }
  write_record(kProgramStatus, status);
  ::_exit(0);
}

}  // namespace

void child_main(const ChildPlan& plan) noexcept {
  // Into the run's control groups first: everything started from here on is counted.
  int cgroup_errno = 0;
  for (std::size_t i = 0; i < plan.cgroup_count; ++i) {
    if (::write(plan.cgroup_fds[i], "0", 1) != 1 && cgroup_errno == 0) cgroup_errno = errno;
  }
  reset_signals();
  // Its own session and process group (the group grader kills), away from grader's terminal.
  ::setsid();
  place_fds(plan);
  if (cgroup_errno != 0) {
    errno = cgroup_errno;
    fail(kStepCgroup);
  }
  die_with_parent(plan.parent_pid);
  if (plan.bubblewrap) {
    // bubblewrap. C stays as a subreaper: bwrap exits as soon as its init reports the
    // program's status, before anyone has reaped the program, so only C (which ends up
    // reaping bwrap's init) can collect the program's CPU time and peak memory for grader's
    // wait4(). C relays bwrap's exit status.
    ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    const pid_t self = ::getpid();
    const pid_t bwrap = ::fork();
    if (bwrap < 0) fail(kStepFork);
    if (bwrap == 0) {
      apply_limits(plan);
      drop_uid(plan);
      die_with_parent(self);  // after drop_uid, which clears the death signal
      restrict_calls(plan);
      exec_or_report(plan);
    }
    int bwrap_status = 0;
    for (;;) {
      int status = 0;
      const pid_t pid = retry_on_eintr([&] { return ::waitpid(-1, &status, 0); });
      if (pid < 0) break;  // ECHILD: bwrap and its init are gone
      if (pid == bwrap) bwrap_status = status;
    }
    write_record(kProgramStatus, bwrap_status);
    ::_exit(0);
  }

  // Each namespace on its own, so that whatever is allowed is used, and reported.
  int namespaces = 0;
  for (const int flag : {CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWIPC, CLONE_NEWUTS}) {
    if ((plan.unshare_flags & flag) != 0 && ::unshare(flag) == 0) namespaces |= flag;
  }
  write_record(kNamespaces, namespaces);
  const pid_t init = ::fork();  // pid 1 of the new pid namespace, if any
  if (init < 0) fail(kStepFork);
  if (init == 0) init_main(plan, namespaces);
  int status = 0;
  retry_on_eintr([&] { return ::waitpid(init, &status, 0); });
  ::_exit(0);
}

void kill_uid(uid_t uid) {
  const pid_t helper = ::fork();
  if (helper == 0) {
    // kill(-1) reaches every process whose real or saved uid is the sender's real or effective
    // uid: with the uid of the sandbox, exactly the sandbox's processes.
    if (::syscall(SYS_setresuid, uid, uid, uid) == 0) ::kill(-1, SIGKILL);
    ::_exit(0);
  }
  if (helper > 0) {
    int status = 0;
    retry_on_eintr([&] { return ::waitpid(helper, &status, 0); });
  }
}

}  // namespace grader::sandbox::detail
