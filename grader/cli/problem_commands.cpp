// grader try / list / show, and the options the commands that read problem specs share.

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <memory>
#include <set>

#include "commands.hpp"
#include "grader/check/answers.hpp"
#include "grader/check/checker.hpp"
#include "grader/check/code_checker.hpp"
#include "grader/check/validate.hpp"
#include "grader/core/error.hpp"
#include "grader/core/utf8.hpp"
#include "grader/grade/batch.hpp"
#include "grader/report/formats.hpp"
#include "grader/report/problem_view.hpp"
#include "grader/report/report.hpp"
#include "grader/spec/assignment.hpp"
#include "grader/spec/loader.hpp"

namespace grader::cli {

void add_problem_options(CLI::App& command, ProblemOptions& options) {
  command.add_option("--problems", options.problems,
                     "The problems folder (default: $GRADER_PROBLEMS, else ./problems, else the "
                     "installed PREFIX/share/grader/problems)");
  command.add_option(
      "--seed", options.seed,
      "Master seed of the random points; the same seed reproduces every verdict (default 1)");
}

void add_time_limit_option(CLI::App& command, double& seconds) {
  command
      .add_option("--time-limit", seconds,
                  "Wall-clock seconds one answer may take to check (default 5; 0: none)")
      ->check(CLI::NonNegativeNumber);
}

void add_code_time_limit_option(CLI::App& command, double& seconds) {
  command
      .add_option("--code-time-limit", seconds,
                  "CPU seconds one run of a code answer may take (all trials of one problem; "
                  "the wall-clock limit is twice this; default 5)")
      ->check(CLI::Range(0.1, 3600.0));
}

void add_show_inputs_option(CLI::App& command, bool& show) {
  command.add_flag("--show-inputs", show,
                   "Print the inputs of the trial a wrong answer fails at (dimensions, "
                   "variables, directions) as formula literals, to redo it by hand or in "
                   "another tool");
}

void add_answer_arguments(CLI::App& command, AnswerArguments& arguments, const std::string& what) {
  command.add_option("problem", arguments.id, "Problem id, e.g. lecture01/xax")->required();
  command
      .add_option("answer", arguments.answer,
                  what +
                      ", or VAR=FORMULA per variable (it may start with -: only this "
                      "command's options are options)")
      ->required();
  command.add_option("more", arguments.more,
                     "Further VAR=FORMULA parts of a gradient in several variables");
}

check::CheckOptions answer_options(double time_limit, bool show_inputs) {
  check::CheckOptions options;
  options.time_limit = time_limit;
  options.show_inputs = show_inputs;
  options.now = static_cast<std::int64_t>(std::time(nullptr));
  return options;
}

// Loads the problem set; specs that fail to load are reported on `err` and skipped.
spec::ProblemSet load_set(const ProblemOptions& options, std::ostream& err) {
  const auto dir = spec::problems_dir(options.problems);
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw InputError(fmt::format(
        "{}: no such problems folder (use --problems DIR or set GRADER_PROBLEMS)", dir.string()));
  }
  spec::ProblemSet set = spec::load_problem_set(dir);
  for (const auto& e : set.errors) {
    // Every error of the file, the lines after the first indented under the warning.
    std::string text = visible(e.what());
    for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 3))
      text.replace(at, 1, "\n  ");
    err << "warning: skipped a problem spec: " << text << "\n";
  }
  return set;
}

const spec::Problem& find_problem(const spec::ProblemSet& set, const std::string& id) {
  for (const auto& p : set.problems) {
    if (p.id == id) return p;
  }
  std::vector<std::string> ids;
  for (const auto& p : set.problems) ids.push_back(p.id);
  const auto near = expr::closest_name(id, ids);
  throw InputError(
      fmt::format("no problem '{}'{}", id, near ? fmt::format("; did you mean '{}'?", *near) : ""));
}

spec::AnswerText answer_from_arguments(const spec::Problem& p, const std::string& first,
                                       const std::vector<std::string>& more) {
  spec::AnswerText answer;
  std::vector<std::string> pieces = {first};
  pieces.insert(pieces.end(), more.begin(), more.end());
  if (p.answer.kind == spec::AnswerKind::gradient && p.answer.wrt.size() > 1) {
    for (const auto& a : pieces) {
      const auto eq = a.find('=');
      if (eq == std::string::npos) {
        throw InputError(
            fmt::format("{} asks for one gradient per variable: give VAR=FORMULA for each of {}",
                        p.id, fmt::join(p.answer.wrt, ", ")));
      }
      answer.parts[a.substr(0, eq)] = a.substr(eq + 1);
    }
  } else {
    for (const auto& a : pieces) answer.single += (answer.single.empty() ? "" : " ") + a;
  }
  return answer;
}

check::CodeOptions code_options(double code_time_limit, const std::string& problems) {
  check::CodeOptions options;
  options.run_limits.cpu_seconds = code_time_limit;
  options.run_limits.wall_seconds = 2 * code_time_limit;
  // No program sees the grader's own data, wherever it is installed: the problem set in use,
  // the reference solutions beside it, the installed PREFIX/share/grader (under /usr, which
  // the sandbox shows) and the grader binary itself.
  namespace fs = std::filesystem;
  const fs::path root = fs::absolute(spec::problems_dir(problems));
  options.hidden = {root, root.parent_path() / "reference"};
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    options.hidden.push_back(exe.parent_path().parent_path() / "share" / "grader");
    options.hidden.push_back(exe);
  }
  return options;
}

namespace {

struct TryOptions {
  ProblemOptions common;
  AnswerArguments args;
  std::string format = "text";
  double time_limit = 5;
  bool show_inputs = false;
};

struct ShowOptions {
  ProblemOptions common;
  std::string id;
  bool instructor = false;
};

}  // namespace

Command register_try(CLI::App& app) {
  auto o = std::make_shared<TryOptions>();
  CLI::App* cmd = app.add_subcommand("try", "Check one answer to one problem");
  cmd->footer(
      "Examples:\n"
      "  grader try lecture01/xax 'dX*A*X + X*A*dX'\n"
      "  grader try lecture04/grad-two 'x=A*y' 'y=A'\"'\"'*x'   (one formula per variable)\n"
      "Exit status: 0 pass, 1 any other verdict, 2 bad usage.");
  add_answer_arguments(*cmd, o->args, "The answer: a formula, letter(s)");
  cmd->add_option("--format", o->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  add_time_limit_option(*cmd, o->time_limit);
  add_show_inputs_option(*cmd, o->show_inputs);
  add_problem_options(*cmd, o->common);
  return {cmd, [o](std::ostream& out, std::ostream& err) {
            const spec::ProblemSet set = load_set(o->common, err);
            const spec::Problem& p = find_problem(set, o->args.id);
            const spec::AnswerText answer = answer_from_arguments(p, o->args.answer, o->args.more);
            const check::CheckResult r = check::check_answer(
                p, answer, o->common.seed, answer_options(o->time_limit, o->show_inputs));
            out << (o->format == "json" ? report::to_json(r) : report::to_text(r));
            return r.verdict == check::Verdict::pass ? 0 : 1;
          }};
}

namespace {

// The problems of any of `lectures` (all when empty) that carry any of `tags` (all when
// empty). A lecture or tag no problem has is an error naming the known ones.
std::vector<spec::Problem> select_problems(const std::vector<spec::Problem>& problems,
                                           const std::vector<int>& lectures,
                                           const std::vector<std::string>& tags) {
  std::set<int> known_lectures;
  std::set<std::string> known_tags;
  for (const auto& p : problems) {
    known_lectures.insert(p.lecture);
    known_tags.insert(p.tags.begin(), p.tags.end());
  }
  for (const int lecture : lectures) {
    if (known_lectures.count(lecture) == 0) {
      throw InputError(fmt::format("no problem is in lecture {}; the lectures are {}", lecture,
                                   fmt::join(known_lectures, ", ")));
    }
  }
  for (const auto& tag : tags) {
    if (known_tags.count(tag) == 0) {
      const auto near =
          expr::closest_name(tag, std::vector<std::string>(known_tags.begin(), known_tags.end()));
      throw InputError(fmt::format("no problem has the tag '{}'{}; the tags are {}", tag,
                                   near ? fmt::format(" (did you mean '{}'?)", *near) : "",
                                   fmt::join(known_tags, ", ")));
    }
  }
  std::vector<spec::Problem> out;
  for (const auto& p : problems) {
    const bool in_lecture = lectures.empty() || std::find(lectures.begin(), lectures.end(),
                                                          p.lecture) != lectures.end();
    const bool tagged = tags.empty() || std::any_of(tags.begin(), tags.end(), [&](const auto& t) {
                          return std::find(p.tags.begin(), p.tags.end(), t) != p.tags.end();
                        });
    if (in_lecture && tagged) out.push_back(p);
  }
  return out;
}

}  // namespace

Command register_list(CLI::App& app) {
  struct ListOptions {
    ProblemOptions common;
    std::string format = "text";
    std::vector<int> lectures;
    std::vector<std::string> tags;
  };
  auto o = std::make_shared<ListOptions>();
  CLI::App* cmd = app.add_subcommand("list", "List the problems");
  cmd->footer(
      "Examples:\n"
      "  grader list --lecture 2 --tag course-exercise\n"
      "  grader list --lecture 1 --lecture 2 --format json\n"
      "A problem is listed when it is in any of the --lecture given and has any of the --tag\n"
      "given (no --lecture: every lecture; no --tag: every problem). A lecture or tag no\n"
      "problem has is an error (exit status 2) naming those there are.");
  cmd->add_option("--format", o->format,
                  "text or json (id, lecture, part, kind, title, points, tags)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--lecture", o->lectures, "Only problems of this lecture (repeatable)");
  cmd->add_option("--tag", o->tags, "Only problems with this tag (repeatable)");
  add_problem_options(*cmd, o->common);
  return {cmd, [o](std::ostream& out, std::ostream& err) {
            const spec::ProblemSet set = load_set(o->common, err);
            const std::vector<spec::Problem> problems =
                select_problems(set.problems, o->lectures, o->tags);
            if (o->format == "json") {
              out << report::problem_list_json(problems);
              return set.errors.empty() ? 0 : 2;
            }
            std::size_t width = 0;
            for (const auto& p : problems) width = std::max(width, p.id.size());
            for (const auto& p : problems) {
              out << fmt::format("{:<{}}  {:<12}  {}\n", p.id, width,
                                 spec::to_string(p.answer.kind), p.title);
            }
            if (problems.empty()) err << "no problem matches both --lecture and --tag\n";
            return set.errors.empty() ? 0 : 2;
          }};
}

Command register_show(CLI::App& app) {
  auto o = std::make_shared<ShowOptions>();
  CLI::App* cmd = app.add_subcommand(
      "show", "Show a problem's statement, what the answer must be and the names it may use");
  cmd->footer(
      "Examples:\n"
      "  grader show lecture01/xax\n"
      "  grader show lecture01/xax --instructor   (also the reference, mistakes, examples)");
  cmd->add_option("problem", o->id, "Problem id")->required();
  cmd->add_flag("--instructor", o->instructor,
                "Also show what grading uses and students never see: the reference, the "
                "mistakes with their feedback, the examples, scoring and what is revealed");
  add_problem_options(*cmd, o->common);
  return {cmd, [o](std::ostream& out, std::ostream& err) {
            const spec::ProblemSet set = load_set(o->common, err);
            out << report::show_text(find_problem(set, o->id), {.instructor = o->instructor});
            return 0;
          }};
}

}  // namespace grader::cli
