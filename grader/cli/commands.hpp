#pragma once
// The subcommands of the grader command line. Each registers its options on the app and
// returns how to run it; running writes to the given streams and returns the exit status,
// throwing grader::Error for bad input.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "grader/check/checker.hpp"
#include "grader/check/code_checker.hpp"
#include "grader/spec/loader.hpp"

namespace grader::cli {

struct Command {
  CLI::App* app = nullptr;
  std::function<int(std::ostream& out, std::ostream& err)> run;
};

Command register_eval(CLI::App& app);
Command register_try(CLI::App& app);
Command register_check(CLI::App& app);
Command register_validate(CLI::App& app);
Command register_list(CLI::App& app);
Command register_show(CLI::App& app);
Command register_grade(CLI::App& app);
Command register_merge(CLI::App& app);
Command register_explain(CLI::App& app);
// grader help [TOPIC]: the usage of `app`, or a topic (formulas: the formula language).
Command register_help(CLI::App& app);

// Options every problem command has: --problems DIR and --seed N.
struct ProblemOptions {
  std::string problems;  // empty: $GRADER_PROBLEMS or ./problems
  std::uint64_t seed = 1;
};
void add_problem_options(CLI::App& command, ProblemOptions& options);

// --time-limit SECONDS: the wall-clock bound on checking one answer (check::CheckOptions).
void add_time_limit_option(CLI::App& command, double& seconds);
// --code-time-limit: CPU seconds of one run of a code answer (wall clock: twice that).
void add_code_time_limit_option(CLI::App& command, double& seconds);
// Code options with that limit, hiding the grader's own data (the problem set `problems`
// names, the references beside it, an installed share/grader, the binary) from programs.
check::CodeOptions code_options(double code_time_limit, const std::string& problems);
// --show-inputs: record the failing trial's inputs (check::CheckOptions::show_inputs).
void add_show_inputs_option(CLI::App& command, bool& show);
// The arguments PROBLEM_ID ANSWER [VAR=FORMULA...] of try and explain; `what` says what the
// answer is ("The answer: a formula, letter(s)").
struct AnswerArguments {
  std::string id;
  // One formula (or letters), or VAR=FORMULA per variable. A plain string so that CLI11 does
  // not read an answer such as "[a b; c d]" as a list.
  std::string answer;
  std::vector<std::string> more;
};
void add_answer_arguments(CLI::App& command, AnswerArguments& arguments, const std::string& what);
// Loads the problem set (--problems); specs that fail to load are reported on `err` and
// skipped. Throws InputError when there is no such folder.
spec::ProblemSet load_set(const ProblemOptions& options, std::ostream& err);
// The problem `id`, or InputError naming the nearest id.
const spec::Problem& find_problem(const spec::ProblemSet& set, const std::string& id);
// An answer given on the command line: one formula (pieces joined by spaces), or VAR=FORMULA
// per variable for a gradient in several variables.
spec::AnswerText answer_from_arguments(const spec::Problem& p, const std::string& first,
                                       const std::vector<std::string>& more);

// The checker's options from the command line, with the clock for feedback deadlines.
check::CheckOptions answer_options(double time_limit, bool show_inputs);

}  // namespace grader::cli
