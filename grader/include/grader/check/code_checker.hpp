#pragma once
// Checking code answers (problems of kind code). An answer names a C++ file of the
// submission ({file: adjoint.cpp}) or a command speaking the protocol of code/protocol.hpp
// ({command: python3 adjoint.py}). All C++ answers of one submission are compiled together,
// once (code::build); each problem's trials then run in the sandbox, and the program's
// result on each trial is compared with the reference (the 50-digit reference formula at the
// trial's inputs, rounded to double) with the problem's relative tolerance.
//
// Verdicts: compile-error (with the compiler's words about the student's own lines),
// timeout, crash (with the signal's name or the exception), memory-limit, bad-output (where
// the output broke the protocol), fail (the trial, the relative difference, the seed), pass.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "grader/check/trials.hpp"
#include "grader/check/verdict.hpp"
#include "grader/code/build.hpp"
#include "grader/code/run.hpp"

namespace grader::check {

struct CodeOptions {
  std::filesystem::path cache_dir = code::BuildOptions::default_cache_dir();
  sandbox::Limits compile_limits = code::BuildOptions::compile_limits();
  sandbox::Limits run_limits = code::RunOptions::run_limits();
  // Paths no program and no compilation may see (the class's submissions, the problems, the
  // grader's installed data): see sandbox::Request::hidden.
  std::vector<std::filesystem::path> hidden;
  // The strongest isolation to use (tests choose weaker ones).
  sandbox::Isolation strongest = sandbox::Isolation::bubblewrap;
};

// The code answers of one submission.
class CodeSubmission {
 public:
  // `folder`: the submission's folder, where the answers' files are (empty: a submission
  // that is a single YAML file, which cannot have code answers).
  CodeSubmission(std::filesystem::path folder, CodeOptions options = {});

  // Declares a code answer before the first check, so that one build serves every C++
  // answer of the submission.
  void add(const spec::Problem& problem, const spec::AnswerText& answer);

  CheckResult check(const ProblemTrials& trials, const spec::AnswerText& answer);

 private:
  // What an answer names: a C++ file, or a command.
  struct Target {
    std::string file;     // relative to the folder
    std::string text;     // the file's contents, read from inside the folder only
    std::string command;  // run with sh -c in a copy of the folder
    std::string error;    // why the answer cannot be used (names the file and the reason)
  };
  Target target_of(const spec::AnswerText& answer) const;
  CheckResult check_run(const ProblemTrials& trials, const spec::AnswerText& answer);
  void build_all();
  // The build that holds `problem`'s file, or the compiler's words about it.
  const code::Build& build_for(const spec::Problem& problem);

  std::filesystem::path folder_;
  CodeOptions options_;
  std::vector<code::CodeFile> files_;
  bool built_ = false;
  std::map<std::string, code::Build> builds_;  // problem id -> the build holding its file
};

}  // namespace grader::check
