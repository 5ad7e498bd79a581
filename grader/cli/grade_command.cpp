// grader grade SUBMISSIONS_DIR --out OUT_DIR: batch grading of a whole class.

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "grader/core/error.hpp"
#include "grader/grade/batch.hpp"
#include "grader/report/formats.hpp"
#include "grader/report/report.hpp"

namespace grader::cli {

namespace {

struct GradeOptions {
  ProblemOptions common;
  std::string submissions;
  std::string out;
  unsigned jobs = 0;
};

}  // namespace

Command register_grade(CLI::App& app) {
  auto o = std::make_shared<GradeOptions>();
  CLI::App* cmd =
      app.add_subcommand("grade", "Grade a whole class into gradebooks, feedback and CI reports");
  cmd->footer(
      "One student per subfolder (holding answers.yaml) or per *.yaml file. Writes into OUT_DIR:\n"
      "  grades.csv, report.json, junit.xml, summary.md,\n"
      "  students/<id>.json, students/<id>.md, students/<id>/results.json (Gradescope).\n"
      "Every file is written atomically. Exit status: 0 when graded (whatever the verdicts),\n"
      "2 on unusable input.");
  cmd->add_option("submissions", o->submissions, "The folder of submissions")->required();
  cmd->add_option("--out", o->out, "The output folder")->required();
  cmd->add_option("--jobs", o->jobs, "Students graded in parallel (default: every core)");
  add_problem_options(*cmd, o->common);
  return {
      cmd, [o](std::ostream& out, std::ostream& err) {
        const auto dir = spec::problems_dir(o->common.problems);
        const spec::ProblemSet set = spec::load_problem_set(dir);
        for (const auto& e : set.errors)
          err << "warning: skipped a problem spec: " << e.what() << "\n";
        const auto students = grade::discover_students(o->submissions);
        const bool terminal = ::isatty(2) != 0;
        const auto start = std::chrono::steady_clock::now();
        const auto progress = [&](std::size_t done, std::size_t total, std::size_t failures) {
          if (!terminal) return;
          const double elapsed =
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
          const double left =
              done == 0 ? 0
                        : elapsed / static_cast<double>(done) * static_cast<double>(total - done);
          err << fmt::format("\rgraded {}/{} students, {} with failures, about {:.0f} s left  ",
                             done, total, failures, left)
              << std::flush;
        };
        const auto reports =
            grade::grade_all(set.problems, students, {o->common.seed, o->jobs}, progress);
        if (terminal) err << "\n";

        std::vector<std::string> ids;
        for (const auto& p : set.problems) ids.push_back(p.id);
        const std::filesystem::path root = o->out;
        std::string all = "[\n";
        for (std::size_t i = 0; i < reports.size(); ++i) {
          const auto& r = reports[i];
          const std::string json = report::to_json(r);
          all += json.substr(0, json.size() - 1) + (i + 1 < reports.size() ? ",\n" : "\n");
          grade::write_atomically(root / "students" / (r.student + ".json"), json);
          grade::write_atomically(root / "students" / (r.student + ".md"), report::to_markdown(r));
          grade::write_atomically(root / "students" / r.student / "results.json",
                                  report::to_gradescope(r));
        }
        all += "]\n";
        grade::write_atomically(root / "report.json", all);
        grade::write_atomically(root / "grades.csv", report::to_grades_csv(reports, ids));
        grade::write_atomically(root / "junit.xml", report::to_junit(reports));
        grade::write_atomically(root / "summary.md", report::to_summary_markdown(reports, ids));
        std::size_t all_pass = 0;
        for (const auto& r : reports) all_pass += r.all_answered_pass() ? 1 : 0;
        out << fmt::format(
            "graded {} students against {} problems (seed {}): {} without a failing answer; "
            "results in {}\n",
            reports.size(), set.problems.size(), o->common.seed, all_pass, root.string());
        return 0;
      }};
}

}  // namespace grader::cli
