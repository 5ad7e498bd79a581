// grader grade SUBMISSIONS_DIR --out OUT_DIR: batch grading of a whole class;
// grader merge OUT1 OUT2 ... --out OUT: the shards of one batch combined.

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "grader/core/error.hpp"
#include "grader/core/utf8.hpp"
#include "grader/grade/batch.hpp"
#include "grader/grade/outputs.hpp"
#include "grader/spec/assignment.hpp"

namespace grader::cli {

namespace {

namespace fs = std::filesystem;

// One run keeps every student's report in memory until the class files are written (a few
// hundred KiB each with many problems): a bigger class is split with --shard and merged.
constexpr std::size_t kDefaultMaxStudents = 20000;

struct GradeOptions {
  ProblemOptions common;
  std::string submissions;
  std::string out;
  unsigned jobs = 0;
  double time_limit = 5;
  double code_time_limit = 5;
  double compile_time_limit = 120;
  bool resume = false;
  bool skip_broken_specs = false;
  std::string assignment;
  std::string shard;
  std::size_t max_students = kDefaultMaxStudents;
};

// SIGINT/SIGTERM: students being graded finish and are written, no new one starts, and the
// class files are not rewritten. A second signal kills at once.
std::atomic<bool> interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_signal(int signal) {
  interrupted.store(true);
  std::signal(signal, SIG_DFL);
}

// Catches SIGINT and SIGTERM while grading, and puts back whatever handlers were there before
// on every way out (grading may throw).
class InterruptGuard {
 public:
  InterruptGuard() {
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, &previous_int_);
    ::sigaction(SIGTERM, &action, &previous_term_);
  }
  ~InterruptGuard() {
    ::sigaction(SIGINT, &previous_int_, nullptr);
    ::sigaction(SIGTERM, &previous_term_, nullptr);
  }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
};

// OUT must not be the submissions folder or inside it (it would become a student).
void check_out_dir(const fs::path& submissions, const fs::path& out) {
  std::error_code ec;
  const fs::path s = fs::weakly_canonical(submissions, ec);
  const fs::path o = fs::weakly_canonical(out, ec);
  const auto [end, _] = std::mismatch(s.begin(), s.end(), o.begin(), o.end());
  if (end == s.end())
    throw InputError(
        fmt::format("--out {} is inside the submissions folder {}: write the "
                    "results somewhere else",
                    out.string(), submissions.string()));
}

std::string seconds(double s) {
  return s < 10 ? fmt::format("{:.1f} s", s) : fmt::format("{:.0f} s", s);
}

// A spec that does not load stops the run before anything is written (its problem would
// vanish from every student's total), unless --skip-broken-specs: then it is listed in every
// output. Returns the skipped specs as "file:line:column: message".
std::vector<std::string> broken_specs(const spec::ProblemSet& set, bool skip, std::ostream& err) {
  // One line per spec in the outputs: its first error, and how many more there are.
  std::vector<std::string> broken;
  for (const auto& e : set.errors) {
    const spec::Location& at = e.where();
    std::string message = e.message().substr(0, e.message().find('\n'));
    broken.push_back(visible(fmt::format(
        "{}:{}:{}: {}{}", at.file, at.line, at.column, message,
        e.more().empty() ? ""
                         : fmt::format(" (and {} more error{}: grader validate shows them)",
                                       e.more().size(), e.more().size() == 1 ? "" : "s"))));
  }
  if (broken.empty()) return broken;
  std::string list;
  for (const auto& b : broken) list += "\n  " + b;
  if (!skip) {
    throw InputError(fmt::format(
        "{} problem spec{} do{} not load, so {} problem{} would be graded for nobody:{}\nFix "
        "{} (grader validate shows every error), or pass --skip-broken-specs to grade without "
        "{}; nothing was graded or written.",
        broken.size(), broken.size() == 1 ? "" : "s", broken.size() == 1 ? "es" : "",
        broken.size() == 1 ? "its" : "their", broken.size() == 1 ? "" : "s", list,
        broken.size() == 1 ? "it" : "them", broken.size() == 1 ? "it" : "them"));
  }
  err << fmt::format(
      "warning: --skip-broken-specs: {} problem spec{} skipped, listed in every "
      "output:{}\n",
      broken.size(), broken.size() == 1 ? "" : "s", list);
  return broken;
}

// The spec files of `broken` as students may see them: the file under the problems folder,
// not the instructor's error (which may quote the spec).
std::vector<std::string> spec_files(const spec::ProblemSet& set, const fs::path& dir) {
  std::vector<std::string> files;
  for (const auto& e : set.errors)
    files.push_back(visible(fs::path(e.where().file).lexically_relative(dir).string()));
  return files;
}

// The students of the run (this shard's), refused past --max-students.
std::vector<grade::StudentInput> students_to_grade(const GradeOptions& o, int shard, int shards) {
  auto students = grade::discover_students(o.submissions);
  if (shards > 1) students = grade::select_shard(students, shard, shards);
  if (students.size() > o.max_students) {
    throw InputError(fmt::format(
        "{}: {} students to grade{}, but one run grades at most {} (--max-students): split "
        "the class with --shard K/N and combine the shards with grader merge",
        o.submissions, students.size(),
        shards > 1 ? fmt::format(" in shard {}/{}", shard, shards) : "", o.max_students));
  }
  return students;
}

grade::Manifest make_manifest(const GradeOptions& o, const std::vector<spec::Problem>& problems,
                              const std::optional<spec::Assignment>& assignment,
                              const std::vector<std::string>& skipped,
                              const std::vector<grade::StudentInput>& students, int shard,
                              int shards) {
  grade::Manifest manifest;
  manifest.grader_version = GRADER_VERSION;
  manifest.seed = o.common.seed;
  manifest.time_limit = o.time_limit;
  manifest.code_time_limit = o.code_time_limit;
  manifest.compile_time_limit = o.compile_time_limit;
  manifest.problems_fingerprint = grade::problems_fingerprint(problems);
  for (const auto& p : problems) manifest.problems.emplace_back(p.id, p.points);
  if (assignment) {
    manifest.assignment = assignment->id;
    manifest.assignment_title = assignment->title;
    manifest.due = assignment->due;
  }
  manifest.skipped_specs = skipped;
  for (const auto& s : students) manifest.students.push_back(s.id);
  manifest.shard = shard;
  manifest.shards = shards;
  return manifest;
}

// Every student's report slot, filled now for those --resume reuses; the rest are to do.
struct Plan {
  std::vector<std::string> fingerprints;
  std::vector<report::SubmissionReport> reports;
  std::vector<grade::StudentInput> todo;
  std::vector<std::size_t> todo_index;  // todo[k] is students[todo_index[k]]
};

Plan plan_students(const std::vector<grade::StudentInput>& students,
                   const grade::Manifest& manifest, const fs::path& root, bool resume) {
  Plan plan;
  plan.reports.resize(students.size());
  for (std::size_t i = 0; i < students.size(); ++i) {
    plan.fingerprints.push_back(grade::student_fingerprint(students[i], manifest));
    if (resume) {
      if (auto r = grade::resume_student(root, students[i].id, plan.fingerprints[i])) {
        plan.reports[i] = std::move(*r);
        continue;
      }
    }
    plan.todo.push_back(students[i]);
    plan.todo_index.push_back(i);
  }
  return plan;
}

grade::BatchOptions batch_options(const GradeOptions& o, const spec::ProblemSet& set,
                                  const fs::path& dir, const grade::Manifest& manifest) {
  grade::BatchOptions options;
  options.seed = o.common.seed;
  options.jobs = o.jobs;
  options.check = answer_options(o.time_limit, false);
  options.code = code_options(o.code_time_limit, o.common.problems);
  for (const auto& p : set.problems) options.known_ids.push_back(p.id);
  options.assignment = manifest.assignment;
  options.skipped_specs = spec_files(set, dir);
  options.code.compile_limits.cpu_seconds = o.compile_time_limit;
  options.code.compile_limits.wall_seconds = 1.5 * o.compile_time_limit;
  // No student's program sees the class (nor the grader's data: code_options), even where the
  // host lets everyone read it.
  options.code.hidden.push_back(fs::absolute(o.submissions));
  return options;
}

// "graded 12/300 students, 3 with failures, about 40 s left", on stderr when it is a terminal.
class Progress {
 public:
  Progress(std::size_t total, std::ostream& err)
      : total_(total), err_(err), terminal_(::isatty(2) != 0) {}
  ~Progress() {
    if (terminal_ && total_ > 0) err_ << "\n";
  }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  std::size_t done() const { return done_; }

  void graded(bool failing) {
    ++done_;
    if (failing) ++failures_;
    if (!terminal_) return;
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double left = elapsed / static_cast<double>(done_) * static_cast<double>(total_ - done_);
    err_ << fmt::format("\rgraded {}/{} students, {} with failures, about {} left  ", done_, total_,
                        failures_, seconds(left))
         << std::flush;
  }

 private:
  std::size_t total_;
  std::ostream& err_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::size_t done_ = 0;
  std::size_t failures_ = 0;
};

// Grades the students still to do into plan.reports, each written as soon as it is graded.
// Returns how many were graded (fewer than planned when interrupted).
std::size_t grade_students(const std::vector<spec::Problem>& problems, Plan& plan,
                           const grade::BatchOptions& options, const fs::path& root,
                           std::ostream& err) {
  interrupted.store(false);
  if (plan.todo.empty()) return 0;
  Progress progress(plan.todo.size(), err);
  const auto on_graded = [&](std::size_t k, const report::SubmissionReport& rep) {
    grade::write_student(root, rep, plan.fingerprints[plan.todo_index[k]]);
    progress.graded(!rep.all_answered_pass());
  };
  const InterruptGuard guard;
  const auto trials = grade::prepare_trials(problems, options);
  auto graded = grade::grade_all(trials, plan.todo, options, on_graded, &interrupted);
  for (std::size_t k = 0; k < graded.size(); ++k) {
    if (!graded[k].student.empty()) plan.reports[plan.todo_index[k]] = std::move(graded[k]);
  }
  return progress.done();
}

// The closing lines on stdout, and on stderr what could not be used. Returns the exit status.
int finish(const GradeOptions& o, const grade::Manifest& manifest,
           const std::vector<report::SubmissionReport>& reports, std::size_t reused,
           std::size_t stale, std::ostream& out, std::ostream& err) {
  std::size_t all_pass = 0, unreadable = 0, unknown = 0;
  for (const auto& r : reports) {
    all_pass += r.all_answered_pass() ? 1 : 0;
    unreadable += r.unreadable.empty() ? 0 : 1;
    unknown += r.unknown.size();
  }
  const fs::path root = o.out;
  out << fmt::format(
      "graded {} students against {} problems{} (seed {}{}): {} without a failing "
      "answer; results in {}\n",
      reports.size(), manifest.problems.size(),
      manifest.assignment.empty() ? "" : fmt::format(" of assignment {}", manifest.assignment),
      o.common.seed,
      manifest.shards > 1 ? fmt::format(", shard {}/{}", manifest.shard, manifest.shards) : "",
      all_pass, root.string());
  if (o.resume)
    out << fmt::format("resumed: {} students reused from the earlier run, {} graded now\n", reused,
                       reports.size() - reused);
  if (stale > 0)
    out << fmt::format("removed the files of {} students who are no longer in {}\n", stale,
                       o.submissions);
  // What could not be used is named in every output (summary.md first), and the exit status
  // says so.
  const std::size_t skipped = manifest.skipped_specs.size();
  if (skipped == 0 && unreadable == 0 && unknown == 0) return 0;
  err << fmt::format(
      "grader grade: not everything could be used ({} skipped spec{}, {} unreadable "
      "submission{}, {} answer{} under unknown ids): see {}\n",
      skipped, skipped == 1 ? "" : "s", unreadable, unreadable == 1 ? "" : "s", unknown,
      unknown == 1 ? "" : "s", (root / "summary.md").string());
  return static_cast<int>(ExitCode::incomplete);
}

int run_grade(const GradeOptions& o, std::ostream& out, std::ostream& err) {
  const auto dir = spec::problems_dir(o.common.problems);
  const spec::ProblemSet set = spec::load_problem_set(dir);
  const std::vector<std::string> skipped = broken_specs(set, o.skip_broken_specs, err);
  std::vector<spec::Problem> problems = set.problems;
  std::optional<spec::Assignment> assignment;
  if (!o.assignment.empty()) {
    assignment = spec::load_assignment(spec::find_assignment(o.assignment, dir), set);
    problems = spec::assigned_problems(*assignment, set.problems);
  }
  auto [shard, shards] = o.shard.empty() ? std::pair{1, 1} : grade::parse_shard(o.shard);
  const fs::path root = o.out;
  check_out_dir(o.submissions, root);
  const auto students = students_to_grade(o, shard, shards);
  const grade::Manifest manifest =
      make_manifest(o, problems, assignment, skipped, students, shard, shards);

  grade::prepare_output_folder(root);
  grade::remove_temporaries(root);
  Plan plan = plan_students(students, manifest, root, o.resume);
  const std::size_t reused = students.size() - plan.todo.size();
  const std::size_t done =
      grade_students(problems, plan, batch_options(o, set, dir, manifest), root, err);
  if (interrupted.load()) {
    err << fmt::format(
        "grader grade: interrupted: {} of {} students graded and written to {}; the class files "
        "were not updated. Run the same command with --resume to finish.\n",
        reused + done, students.size(), root.string());
    return static_cast<int>(ExitCode::interrupted);
  }
  const std::size_t stale = grade::write_class(root, plan.reports, manifest);
  return finish(o, manifest, plan.reports, reused, stale, out, err);
}

}  // namespace

Command register_grade(CLI::App& app) {
  auto o = std::make_shared<GradeOptions>();
  CLI::App* cmd =
      app.add_subcommand("grade", "Grade a whole class into gradebooks, feedback and CI reports");
  cmd->footer(
      "One student per subfolder (holding answers.yaml) or per *.yaml file. Writes into OUT_DIR:\n"
      "  grades.csv, report.json, junit.xml, summary.md, batch.json (the manifest),\n"
      "  students/<id>.json, students/<id>.md, students/<id>/results.json (Gradescope).\n"
      "Every file is written atomically; each student's files as soon as they are graded.\n"
      "Interrupted (Ctrl-C, SIGTERM), it finishes the students in progress and stops; rerun\n"
      "with --resume to grade the rest. A problem spec that does not load stops the run\n"
      "before anything is written (unless --skip-broken-specs).\n"
      "Exit status: 0 when graded (whatever the verdicts); 4 when graded but something could\n"
      "not be used (a skipped spec, an unreadable submission, an answer under an unknown id;\n"
      "each named in every output); 2 on unusable input; 130 when interrupted.");
  cmd->add_option("submissions", o->submissions, "The folder of submissions")->required();
  cmd->add_option("--out", o->out, "The output folder")->required();
  cmd->add_option("--jobs", o->jobs, "Students graded in parallel (default: every core)");
  add_time_limit_option(*cmd, o->time_limit);
  add_code_time_limit_option(*cmd, o->code_time_limit);
  cmd->add_option("--compile-time-limit", o->compile_time_limit,
                  "CPU seconds g++ may take on one student's C++ answers (all compiled together; "
                  "the wall-clock limit is 1.5 times this; default 120). A build stopped at "
                  "the limit is cached: it costs the limit once")
      ->check(CLI::Range(1.0, 3600.0));
  cmd->add_option("--assignment", o->assignment,
                  "Grade only this assignment's problems, with its points: a name (assignments/"
                  "NAME.yaml beside the problems folder) or a file");
  cmd->add_flag("--skip-broken-specs", o->skip_broken_specs,
                "Grade even when a problem spec does not load: the skipped specs are listed in "
                "every output, and the exit status is 4");
  cmd->add_flag("--resume", o->resume,
                "Reuse the results in OUT_DIR of students whose submission, problems, seed and "
                "grader are unchanged");
  cmd->add_option("--shard", o->shard,
                  "Grade only shard K of N (K/N) of the students; combine with grader merge");
  cmd->add_option("--max-students", o->max_students,
                  fmt::format("Refuse a run of more students than this (default {}): "
                              "use --shard for a bigger class",
                              kDefaultMaxStudents))
      ->check(CLI::PositiveNumber);
  add_problem_options(*cmd, o->common);
  return {cmd, [o](std::ostream& out, std::ostream& err) { return run_grade(*o, out, err); }};
}

Command register_merge(CLI::App& app) {
  struct MergeOptions {
    std::vector<std::string> inputs;
    std::string out;
  };
  auto o = std::make_shared<MergeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "merge", "Combine the outputs of grader grade --shard K/N into the files of one run");
  cmd->footer(
      "Every shard 1/N..N/N of one batch must be given (same seed, problems and grader).\n"
      "The result is byte for byte what one run over the whole class writes.");
  cmd->add_option("shards", o->inputs, "The shards' output folders")->required();
  cmd->add_option("--out", o->out, "The output folder")->required();
  return {cmd, [o](std::ostream& out, std::ostream&) {
            std::vector<fs::path> inputs(o->inputs.begin(), o->inputs.end());
            for (const auto& in : inputs) {
              std::error_code ec;
              if (fs::equivalent(in, o->out, ec))
                throw InputError(fmt::format("merge: --out {} is one of the shards", o->out));
            }
            const grade::Manifest m = grade::merge_outputs(inputs, o->out);
            out << fmt::format("merged {} shards: {} students against {} problems; results in {}\n",
                               inputs.size(), m.students.size(), m.problems.size(), o->out);
            return 0;
          }};
}

}  // namespace grader::cli
