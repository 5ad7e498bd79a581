#pragma once
// Running a code answer on a request: the compiled harness of a C++ answer, or a `command`
// (any executable speaking the protocol) in a copy of the student's folder, in the sandbox,
// and reading its answer back. What went wrong is said in words a student can act on.

#include <filesystem>
#include <string>
#include <vector>

#include "grader/code/protocol.hpp"
#include "grader/sandbox/sandbox.hpp"

namespace grader::code {

enum class RunStatus {
  ok,            // outputs hold one result per trial
  timeout,       // a time limit (message says which)
  crash,         // a signal, an uncaught exception, or a non-zero exit status
  memory_limit,  // ran out of its memory limit
  bad_output,    // its output does not follow the protocol (message says where)
};
const char* to_string(RunStatus status);  // "ok", "timeout", "crash", "memory-limit", "bad-output"

struct RunOptions {
  std::filesystem::path cache_dir;  // work folders go under cache_dir/work
  sandbox::Limits limits = run_limits();
  sandbox::Isolation strongest = sandbox::Isolation::bubblewrap;
  // Folders the program must not see (sandbox::Request::hidden): the class, the problems.
  std::vector<std::filesystem::path> hidden;
  // Default limits of one run (all trials of one problem): 10 s wall, 5 s CPU, 512 MiB,
  // 1 MiB of output, 16 processes.
  static sandbox::Limits run_limits();
};

struct RunResult {
  RunStatus status = RunStatus::crash;
  std::vector<TrialValues> outputs;
  std::string message;     // for a student: what happened
  std::string stderr_tail;  // the end of what the program wrote to stderr
  std::string protection;
  double seconds = 0;
};

// Runs `argv` (a path to the binary, or a shell command line through sh -c) with the request
// on stdin. `copy_from`, when not empty, is copied (regular files only, at most 16 MiB in all)
// into the work folder first: a command's own files. `read_only` paths are visible too.
RunResult run_program(const std::vector<std::string>& argv, const Request& request,
                      const std::filesystem::path& copy_from,
                      const std::vector<std::filesystem::path>& read_only,
                      const RunOptions& options);

}  // namespace grader::code
