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
  std::string message;  // for a student: what happened
  // The end of what the program wrote to stderr (control characters escaped, the run's
  // folder removed).
  std::string stderr_tail;
  std::string protection;
  double seconds = 0;
};

// What to run: a compiled binary, or a shell command line in a copy of a folder.
struct Program {
  // Copied into the run's own work folder and run from there: nothing of the code cache (a
  // classmate's binary, a reference build) is mounted into the sandbox.
  std::filesystem::path binary;
  // Otherwise `sh -c command`, in a work folder holding a copy of `folder`'s regular files
  // (read from inside it only: core/files.hpp; at most 16 MiB in all).
  std::string command;
  std::filesystem::path folder;

  static Program compiled(std::filesystem::path binary) {
    Program p;
    p.binary = std::move(binary);
    return p;
  }
  static Program shell(std::string command, std::filesystem::path folder) {
    Program p;
    p.command = std::move(command);
    p.folder = std::move(folder);
    return p;
  }
};

// Runs the program in the sandbox with the request on stdin and reads its answer. What the
// program wrote is never taken as the grader's words: a message quotes it, with control
// characters escaped and the run's folder removed.
RunResult run_program(const Program& program, const Request& request, const RunOptions& options);

}  // namespace grader::code
