#pragma once
// Supervising a run: the child is forked (child.hpp), its stdin fed, its outputs and the
// helpers' status reports collected, and the clock and the child watched until it ends or is
// killed with everything it started (supervise); then how the run ended, in a Result
// (classify).

#include <sys/resource.h>

#include <optional>
#include <string>
#include <utility>

#include "cgroup.hpp"
#include "child.hpp"
#include "config.hpp"
#include "grader/core/posix.hpp"
#include "setup.hpp"

namespace grader::sandbox::detail {

struct Pipe {
  Fd read, write;
};

// The run's pipes, each close-on-exec (no other run's child inherits one past its execve):
// the child's ends are moved to fixed numbers in the child. info and block: bubblewrap only.
struct Pipes {
  Pipe in, out, err, status;
  std::optional<Pipe> info, block;
};

// Nullopt, errno set, when the system refuses one.
std::optional<Pipes> make_pipes(bool bubblewrap);

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

// Starts the child of `plan`, then feeds stdin, collects stdout and stderr, watches the clock
// and the child until it ends (or is killed), and reaps it. Throws std::system_error when the
// child cannot be forked.
Collected supervise(const Request& request, const Config& config, const Identity& id,
                    const RunCgroup* cgroup, const ChildPlan& plan, Pipes& pipes);

// Outcome, exit code or signal, and detail, from what the run left (its outputs, times and
// peak memory already in `result`).
void classify(const Collected& c, const Config& config, const Limits& limits,
              const RunCgroup* cgroup, const std::string& exec_path, Result& result);

}  // namespace grader::sandbox::detail
