// grader explain: the finite-difference lesson with a student's own answer (check/explain.hpp).

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>

#include "commands.hpp"
#include "grader/check/explain.hpp"
#include "grader/core/error.hpp"
#include "grader/report/explain_format.hpp"
#include "grader/report/plot.hpp"
#include "grader/report/report.hpp"
#include "grader/spec/loader.hpp"

namespace grader::cli {

namespace {

struct ExplainOptions {
  ProblemOptions common;
  AnswerArguments args;
  std::string svg;  // empty: no plot is written
  std::string format = "text";
};

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) throw InputError(fmt::format("{}: cannot write the plot", path.string()));
}

}  // namespace

Command register_explain(CLI::App& app) {
  auto o = std::make_shared<ExplainOptions>();
  CLI::App* cmd = app.add_subcommand(
      "explain",
      "Show finite differences of F against your derivative, step by step (a table; --svg: a "
      "plot)");
  cmd->footer(
      "At the checker's first random point, the relative error of forward and central\n"
      "differences of F against your derivative, for h = 1 ... 1e-16. A correct derivative\n"
      "draws a V (truncation error falls with h, rounding error rises as h shrinks); a wrong\n"
      "one a floor.\n"
      "Examples:\n"
      "  grader explain lecture01/xax 'dX*A*X + X*A*dX'\n"
      "  grader explain lecture01/xax '2*X*A*dX' --svg wrong.svg\n"
      "Exit status: 0 the curves are those of a correct derivative, 1 they show a floor,\n"
      "2 bad usage or an answer that is not of the right form (the diagnostic of grader try).");
  add_answer_arguments(*cmd, o->args, "The derivative: a formula");
  cmd->add_option("--svg", o->svg, "Write the plot (SVG, with the verdict on it) to this file");
  cmd->add_option("--format", o->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  add_problem_options(*cmd, o->common);
  return {
      cmd, [o](std::ostream& out, std::ostream& err) {
        const spec::ProblemSet set = load_set(o->common, err);
        const spec::Problem& p = find_problem(set, o->args.id);
        const check::Explanation e = check::explain_answer(
            p, answer_from_arguments(p, o->args.answer, o->args.more), o->common.seed);
        if (e.invalid) {
          out << (o->format == "json" ? report::to_json(*e.invalid) : report::to_text(*e.invalid));
          return static_cast<int>(ExitCode::bad_input);
        }
        // A plot only where asked: nothing lands in the current folder by surprise.
        const std::string& svg = o->svg;
        if (!svg.empty()) write_file(svg, report::to_svg(report::explain_plot(e)));
        if (o->format == "json") {
          out << report::to_json(e, svg);
        } else {
          out << report::to_text(e)
              << (svg.empty() ? std::string("\n(--svg FILE draws these curves.)\n")
                              : fmt::format("\nThe plot is in {}.\n", svg));
        }
        return e.consistent ? 0 : 1;
      }};
}

}  // namespace grader::cli
