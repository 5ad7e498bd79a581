// grader check [ANSWERS.yaml | DIR]: a student's self-check of a whole submission, with the
// checker grader grade runs.

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "commands.hpp"
#include "grader/check/answers.hpp"
#include "grader/check/checker.hpp"
#include "grader/check/code_checker.hpp"
#include "grader/grade/batch.hpp"
#include "grader/report/formats.hpp"
#include "grader/report/report.hpp"
#include "grader/spec/assignment.hpp"
#include "grader/spec/loader.hpp"

namespace grader::cli {

namespace {

struct CheckOptions {
  ProblemOptions common;
  std::string path = "answers.yaml";
  std::vector<std::string> only;
  std::string format = "text";
  double time_limit = 5;
  double code_time_limit = 5;
  bool show_inputs = false;
  bool verbose = false;
  std::string assignment;
};

// The problems to check: an assignment's only, with its points (as grade --assignment).
std::vector<spec::Problem> problems_to_check(const CheckOptions& o, const spec::ProblemSet& set) {
  if (o.assignment.empty()) return set.problems;
  const auto dir = spec::problems_dir(o.common.problems);
  return spec::assigned_problems(
      spec::load_assignment(spec::find_assignment(o.assignment, dir), set), set.problems);
}

// One result per selected problem: missing, a code answer's (all of them built together
// first), or a formula answer's.
std::vector<check::CheckResult> check_problems(const CheckOptions& o,
                                               const std::vector<spec::Problem>& problems,
                                               const check::Submission& sub) {
  // Code answers name files next to answers.yaml: the student's own folder.
  const std::filesystem::path answers_folder = std::filesystem::path(sub.file).parent_path();
  check::CodeSubmission code(answers_folder.empty() ? std::filesystem::path(".") : answers_folder,
                             code_options(o.code_time_limit, o.common.problems));
  const auto selected = [&](const spec::Problem& p) {
    return o.only.empty() || std::find(o.only.begin(), o.only.end(), p.id) != o.only.end();
  };
  for (const auto& p : problems) {
    const auto it = sub.answers.find(p.id);
    if (selected(p) && it != sub.answers.end()) code.add(p, it->second);
  }
  std::vector<check::CheckResult> results;
  for (const auto& p : problems) {
    if (!selected(p)) continue;
    const auto it = sub.answers.find(p.id);
    if (it == sub.answers.end()) {
      results.push_back(check::missing_answer(p, o.common.seed));
    } else if (p.answer.kind == spec::AnswerKind::code) {
      const check::ProblemTrials trials(p, o.common.seed);
      results.push_back(code.check(trials, it->second));
    } else {
      results.push_back(check::check_answer(p, it->second, o.common.seed,
                                            answer_options(o.time_limit, o.show_inputs)));
    }
  }
  return results;
}

void print_report(const CheckOptions& o, const report::SubmissionReport& rep, std::ostream& out) {
  if (o.format == "json") {
    out << report::to_json(rep);
  } else if (o.format == "junit") {
    out << report::to_junit({rep});
  } else if (o.format == "gradescope") {
    out << report::to_gradescope(rep);
  } else {
    out << report::to_text(rep, {.each_missing = o.verbose})
        << fmt::format(
               "This is the checker `grader grade` runs, with the same problems, tolerances "
               "and diagnoses. An instructor grading with another --seed draws other "
               "random points: a right answer passes on every seed, and a wrong one fails "
               "on almost every seed.\n");
  }
}

int run_check(const CheckOptions& o, std::ostream& out, std::ostream& err) {
  const spec::ProblemSet set = load_set(o.common, err);
  const std::vector<spec::Problem> problems = problems_to_check(o, set);
  const check::Submission sub = check::load_submission(o.path);
  for (const auto& id : o.only) find_problem(set, id);
  report::SubmissionReport rep;
  rep.student = sub.student;
  rep.file = sub.file;
  rep.seed = o.common.seed;
  rep.problems = check_problems(o, problems, sub);
  // An answer no problem has is listed, invalid, and fails the check (with --only too:
  // a typo'd id is never lost). Answers to problems --only leaves out are not listed.
  std::vector<std::string> ids, graded;
  for (const auto& p : set.problems) ids.push_back(p.id);
  for (const auto& p : problems) graded.push_back(p.id);
  grade::list_other_answers(rep, sub, o.assignment.empty() ? ids : graded, ids);
  if (!o.assignment.empty()) rep.assignment = o.assignment;
  print_report(o, rep, out);
  return rep.all_answered_pass() ? 0 : 1;
}

}  // namespace

Command register_check(CLI::App& app) {
  auto o = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand(
      "check",
      "Self-check a submission against every problem, with the checker instructors grade with");
  cmd->footer(
      "The submission is a YAML file (or a folder holding answers.yaml):\n"
      "  student: alice\n  answers:\n    lecture01/xax: dX*A*X + X*A*dX\n"
      "Unanswered problems are missing (in text, one line of their ids; --verbose: a row\n"
      "each). An answer under an id no problem has is listed as invalid, with the nearest\n"
      "id named (with --only too).\n"
      "Exit status: 0 when every answered problem passes, 1 otherwise, 2 on unusable input.");
  cmd->add_option("submission", o->path,
                  "answers.yaml, or a folder holding it (default: answers.yaml)");
  cmd->add_option("--only", o->only, "Check only these problem ids")->take_all();
  cmd->add_option("--format", o->format,
                  "text, json, junit (JUnit XML) or gradescope (results.json)")
      ->check(CLI::IsMember({"text", "json", "junit", "gradescope"}));
  add_time_limit_option(*cmd, o->time_limit);
  add_code_time_limit_option(*cmd, o->code_time_limit);
  add_show_inputs_option(*cmd, o->show_inputs);
  cmd->add_flag("--verbose", o->verbose,
                "In text, one row per unanswered problem instead of one line of their ids");
  cmd->add_option("--assignment", o->assignment,
                  "Check only this assignment's problems, with its points (as grade "
                  "--assignment): a name (assignments/NAME.yaml) or a file");
  add_problem_options(*cmd, o->common);
  return {cmd, [o](std::ostream& out, std::ostream& err) { return run_check(*o, out, err); }};
}

}  // namespace grader::cli
